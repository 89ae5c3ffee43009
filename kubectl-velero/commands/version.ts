// `version`: the client's version and commit, and the running agent's version.
import { Command } from "commander";
import { displayVersion, GIT_COMMIT } from "../../lib/build-info.js";
import type { CliContext } from "../cli-context.js";

/** Options of `version`. */
export interface VersionOptions {
  readonly clientOnly?: boolean;
  readonly timeout?: string;
}

/** The client block Velero prints. */
export function formatClientVersion(): string {
  return `Client:\n\tVersion: ${displayVersion()}\n\tGit commit: ${GIT_COMMIT}\n`;
}

/** Builds `version`. */
export function createVersionCommand(ctx: CliContext): Command {
  return new Command("version")
    .description("Print the kubectl-velero client version and the version of the running agent")
    .option("--client-only", "only print the client version")
    .option("--timeout <duration>", "how long to wait for the agent to answer", "5s")
    .action((options: VersionOptions) => {
      ctx.io.stdout.write(formatClientVersion());
      if (options.clientOnly === true) return;
      // TODO(issue 5): ask the agent through a ServerStatusRequest.
      ctx.io.stdout.write("Server:\n\t<error getting server version: not implemented yet>\n");
    });
}
