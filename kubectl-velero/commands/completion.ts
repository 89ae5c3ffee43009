// `completion bash|zsh|fish` prints a shell completion script; the hidden `__complete` answers
// one completion request with Cobra's protocol (also what kubectl's `kubectl_complete-velero`
// helper calls for `kubectl velero <TAB>`).
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { UsageError } from "../errors.js";
import { COMPLETE_REQUEST_COMMAND } from "./complete-request.js";
import { clusterCompletionSource } from "../completion/cluster-completion-source.js";
import { completeWords, formatCompletion, parseWords } from "../completion/complete-words.js";
import {
  COMPLETION_SHELLS,
  completionScript,
  type CompletionShell,
} from "../completion/shell-scripts.js";

export { COMPLETE_REQUEST_COMMAND };

function parseShell(shell: string): CompletionShell {
  const known = COMPLETION_SHELLS.find((s) => s === shell);
  if (known === undefined) {
    throw new UsageError(
      `unsupported shell "${shell}": use one of ${COMPLETION_SHELLS.join(", ")}`,
    );
  }
  return known;
}

/** Builds `completion SHELL`. */
export function createCompletionCommand(ctx: CliContext): Command {
  return new Command("completion")
    .description(
      "Print a shell completion script: bash (source <(kubectl-velero completion bash)), zsh or fish. " +
        "For `kubectl velero <TAB>`, put kubectl_complete-velero on PATH (kubectl 1.26+)",
    )
    .argument("<shell>", "bash, zsh or fish")
    .action((shell: string) => {
      ctx.io.stdout.write(completionScript(parseShell(shell)));
    });
}

/** Builds the hidden `__complete WORDS... PARTIAL`. */
export function createCompleteRequestCommand(ctx: CliContext): Command {
  const command = new Command(COMPLETE_REQUEST_COMMAND)
    .description("answer one shell completion request (Cobra's protocol)")
    .argument("[words...]")
    .allowUnknownOption()
    .helpOption(false)
    .action(async (words: string[], _options: unknown, self: Command) => {
      const root = self.parent ?? self;
      const typed = parseWords(root, words.slice(0, -1)).flagValues;
      await ctx.setGlobals({
        kubeconfig: typed.get("--kubeconfig"),
        context: typed.get("--context") ?? typed.get("--kubecontext"),
        namespace: typed.get("--namespace"),
      });
      const result = await completeWords(root, words, clusterCompletionSource(ctx));
      ctx.io.stdout.write(formatCompletion(result));
    });
  // Commander has no public setter for what `addCommand(c, { hidden: true })` does.
  return Object.assign(command, { _hidden: true });
}
