// The root command: global flags (kubectl plugin conventions plus Velero's), and every noun.
import { Command, Option } from "commander";
import type { CliContext, GlobalOptions } from "./cli-context.js";
import { createBackupLocationCommand } from "./commands/backup-location/index.js";
import { createBackupCommand } from "./commands/backup/index.js";
import { createClientCommand } from "./commands/client-config.js";
import { createCompleteRequestCommand, createCompletionCommand } from "./commands/completion.js";
import { createCreateCommand } from "./commands/create/index.js";
import { createDeleteCommand } from "./commands/delete/index.js";
import { createDescribeCommand } from "./commands/describe/index.js";
import { createGetCommand } from "./commands/get/index.js";
import { createInstallCommand } from "./commands/install.js";
import { createMigrateCommand } from "./commands/migrate/index.js";
import { createRestoreCommand } from "./commands/restore/index.js";
import { createScheduleCommand } from "./commands/schedule/index.js";
import { createSnapshotLocationCommand } from "./commands/snapshot-location/index.js";
import { createUninstallCommand } from "./commands/uninstall.js";
import { createVersionCommand } from "./commands/version.js";
import { parseStringList } from "./flags/string-list.js";

/** A function that adds a command to the root; every noun module exports one. */
export type CommandFactory = (ctx: CliContext) => Command;

const commandFactories: CommandFactory[] = [
  createVersionCommand,
  createClientCommand,
  createInstallCommand,
  createUninstallCommand,
  createBackupCommand,
  createRestoreCommand,
  createScheduleCommand,
  createMigrateCommand,
  createBackupLocationCommand,
  createSnapshotLocationCommand,
  createCreateCommand,
  createGetCommand,
  createDescribeCommand,
  createDeleteCommand,
  createCompletionCommand,
  createCompleteRequestCommand,
];

/** Builds the whole command tree for one invocation. */
export function createProgram(ctx: CliContext): Command {
  const program = new Command("kubectl velero")
    .description(
      "Back up, restore and migrate Kubernetes cluster resources and volumes (Velero-compatible).",
    )
    .option("--kubeconfig <path>", "path to the kubeconfig file to use")
    .option("--context <name>", "the kubeconfig context to use")
    .addOption(new Option("--kubecontext <name>", "alias of --context (Velero's name)").hideHelp())
    .option(
      "-n, --namespace <namespace>",
      "the namespace in which Velero runs (default: client config, VELERO_NAMESPACE, velero)",
    )
    .option("--features <list>", "comma-separated feature flags to enable", parseStringList)
    .showSuggestionAfterError(true)
    .enablePositionalOptions(false);
  program.hook("preAction", async (_root, action) => {
    await ctx.setGlobals(action.optsWithGlobals<GlobalOptions>());
  });
  for (const factory of commandFactories) program.addCommand(factory(ctx));
  return program;
}
