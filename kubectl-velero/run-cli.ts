// Runs one command line: parse, dispatch, and turn every outcome into an exit code. Commands
// only throw; this is where errors are printed.
import { CommanderError, type Command } from "commander";
import { CliContext, type CliIo } from "./cli-context.js";
import { ExitRequest, reportFor, UsageError } from "./errors.js";
import { normalizeBooleanFlags } from "./flags/boolean-flags.js";
import { createProgram } from "./program.js";

const quietCodes = new Set(["commander.helpDisplayed", "commander.help", "commander.version"]);

/** Runs `argv` (without the program name) and resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = new CliContext(io);
  const program = await createProgram(ctx, argv);
  configureForTests(program, io);
  try {
    await program.parseAsync(normalizeBooleanFlags(program, argv), { from: "user" });
    return 0;
  } catch (error) {
    const report = reportFor(translate(error));
    if (report.message !== "") io.stderr.write(report.message + "\n");
    if (report.exitCode === 2) io.stderr.write(usageHint(program, argv));
    return report.exitCode;
  } finally {
    ctx.close();
  }
}

function configureForTests(command: Command, io: CliIo): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: () => undefined,
  });
  for (const sub of command.commands) configureForTests(sub, io);
}

function translate(error: unknown): unknown {
  if (!(error instanceof CommanderError)) return error;
  if (quietCodes.has(error.code)) return new ExitRequest(0);
  return new UsageError(error.message.replace(/^error: /, ""));
}

/** `Run 'kubectl velero backup create --help' for usage.`: the deepest command named in argv. */
function usageHint(program: Command, argv: readonly string[]): string {
  const words: string[] = [];
  let command = program;
  for (const arg of argv) {
    const sub = command.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (sub === undefined) continue;
    words.push(sub.name());
    command = sub;
  }
  return `Run 'kubectl velero ${[...words, "--help"].join(" ")}' for usage.\n`;
}
