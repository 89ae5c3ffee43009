// The root command: global flags (kubectl plugin conventions plus Velero's), and every noun, each
// imported only when the command line needs it.
import { Command, Option } from "commander";
import type { CliContext, GlobalOptions } from "./cli-context.js";
import { COMPLETE_REQUEST_COMMAND } from "./commands/complete-request.js";
import { parseStringList } from "./flags/string-list.js";

/** A function that adds a command to the root; every noun module exports one. */
export type CommandFactory = (ctx: CliContext) => Command;

/** A root command, whose module is imported only when a command line needs it. */
interface RootCommand {
  readonly name: string;
  readonly load: () => Promise<CommandFactory>;
}

/** In help order. */
const rootCommands: readonly RootCommand[] = [
  {
    name: "version",
    load: async () => (await import("./commands/version.js")).createVersionCommand,
  },
  {
    name: "client",
    load: async () => (await import("./commands/client-config.js")).createClientCommand,
  },
  {
    name: "install",
    load: async () => (await import("./commands/install.js")).createInstallCommand,
  },
  {
    name: "uninstall",
    load: async () => (await import("./commands/uninstall.js")).createUninstallCommand,
  },
  {
    name: "backup",
    load: async () => (await import("./commands/backup/index.js")).createBackupCommand,
  },
  {
    name: "restore",
    load: async () => (await import("./commands/restore/index.js")).createRestoreCommand,
  },
  {
    name: "schedule",
    load: async () => (await import("./commands/schedule/index.js")).createScheduleCommand,
  },
  {
    name: "migrate",
    load: async () => (await import("./commands/migrate/index.js")).createMigrateCommand,
  },
  {
    name: "backup-location",
    load: async () =>
      (await import("./commands/backup-location/index.js")).createBackupLocationCommand,
  },
  {
    name: "snapshot-location",
    load: async () =>
      (await import("./commands/snapshot-location/index.js")).createSnapshotLocationCommand,
  },
  {
    name: "create",
    load: async () => (await import("./commands/create/index.js")).createCreateCommand,
  },
  { name: "get", load: async () => (await import("./commands/get/index.js")).createGetCommand },
  {
    name: "describe",
    load: async () => (await import("./commands/describe/index.js")).createDescribeCommand,
  },
  {
    name: "delete",
    load: async () => (await import("./commands/delete/index.js")).createDeleteCommand,
  },
  {
    name: "completion",
    load: async () => (await import("./commands/completion.js")).createCompletionCommand,
  },
  {
    name: COMPLETE_REQUEST_COMMAND,
    load: async () => (await import("./commands/completion.js")).createCompleteRequestCommand,
  },
];

/** Completion walks every command. */
const needsWholeTree = new Set([COMPLETE_REQUEST_COMMAND]);

function rootOption(program: Command, arg: string): Option | undefined {
  const name = arg.startsWith("--") ? arg.split("=")[0] : arg.slice(0, 2);
  return program.options.find((o) => o.long === name || o.short === name);
}

/**
 * The root command `argv` names, when only known root flags come before it; undefined for
 * anything else (no command, `--help`, `--`, an unknown flag).
 */
export function rootCommandNamed(program: Command, argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("-") || arg === "-") return arg;
    const option = rootOption(program, arg);
    if (option === undefined) return undefined;
    const takesNext =
      (option.required || option.optional) && [option.long, option.short].includes(arg);
    if (takesNext) i++;
  }
  return undefined;
}

function rootCommandsFor(program: Command, argv: readonly string[] | undefined): RootCommand[] {
  const named = argv === undefined ? undefined : rootCommandNamed(program, argv);
  const only = rootCommands.filter((c) => c.name === named && !needsWholeTree.has(c.name));
  return only.length > 0 ? only : [...rootCommands];
}

/**
 * Builds the command tree for one invocation. Given `argv`, a command line naming a root command
 * gets only that command (only its modules are imported: a faster start); any other command
 * line (no command, `--help`, an unknown word, `__complete`), or no `argv`, gets every command.
 */
export async function createProgram(ctx: CliContext, argv?: readonly string[]): Promise<Command> {
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
  const factories = await Promise.all(rootCommandsFor(program, argv).map((c) => c.load()));
  for (const factory of factories) program.addCommand(factory(ctx));
  return program;
}
