// `restore create [NAME] --from-backup B | --from-schedule S`: Velero's flags and checks (the
// backup must exist before anything is created); `-o` prints without submitting; `--wait`.
import { Command, Option } from "commander";
import { SCHEDULE_NAME_LABEL, restoreSchema, type Restore } from "../../../lib/api/index.js";
import { VeleroError } from "../../../lib/errors.js";
import { createVeleroClients, type VeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { UsageError } from "../../errors.js";
import { requireOneSelectorKind } from "../../flags/backup-filter-flags.js";
import { optionalBoolOptions } from "../../flags/boolean-flags.js";
import { parseCountFlag, parseDurationFlag } from "../../flags/duration.js";
import { namespaceFilterProblems, throwProblems } from "../../flags/include-exclude.js";
import { parseLabelSelector, parseOrLabelSelectors } from "../../flags/label-selector.js";
import { addOutputFlags, labelColumnsOf, type OutputOptions } from "../../flags/output-flags.js";
import { labelProblem, requireObjectName } from "../../flags/resource-name.js";
import { parseColonMap, parseKeyValueMap, parseStringList } from "../../flags/string-list.js";
import { formatVeleroObjects, toGoObject } from "../../output/format.js";
import { renderRestoreTable } from "../../output/resource-tables.js";
import { RESTORE_DONE_PHASES, sampleRestore } from "../../progress/wait-for-completion.js";
import { waitForOperation } from "../../progress/wait-for-operation.js";
import { getExisting, isUnreachable } from "../backup/backup-references.js";
import { timestampedName } from "../backup/build-backup.js";
import {
  buildRestore,
  mostRecentBackup,
  parseExistingResourcePolicy,
  type RestoreSpecOptions,
} from "./build-restore.js";

/** Options of `restore create`. */
export interface RestoreCreateOptions extends RestoreSpecOptions, OutputOptions {
  readonly wait?: boolean;
  readonly allowPartiallyFailed?: boolean;
}

/** Velero's checks that need no cluster; returns the restore's name (given or default). */
export function validateRestoreCreate(
  name: string | undefined,
  options: RestoreCreateOptions,
  now: Date,
): string {
  const backup = options.fromBackup ?? "";
  const schedule = options.fromSchedule ?? "";
  if ((backup === "") === (schedule === "")) {
    throw new UsageError("either a backup or schedule must be specified, but not both");
  }
  const source = backup === "" ? schedule : backup;
  requireOneSelectorKind(options);
  parseExistingResourcePolicy(options.existingResourcePolicy);
  requireObjectName(backup === "" ? "schedule" : "backup", source);
  throwProblems([
    ...namespaceFilterProblems(options.includeNamespaces ?? ["*"], options.excludeNamespaces ?? []),
    ...mappingProblems(options.namespaceMappings ?? {}),
  ]);
  return requireObjectName("restore", name ?? timestampedName(source, now));
}

function mappingProblems(mappings: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [from, to] of Object.entries(mappings)) {
    for (const ns of [from, to]) {
      const problem = labelProblem(ns);
      if (problem !== undefined) {
        problems.push(`invalid namespace mapping "${from}:${to}": "${ns}" ${problem}`);
      }
    }
  }
  return problems;
}

const listFlags: readonly (readonly [string, string])[] = [
  ["include-namespaces", "namespaces to include in the restore (use '*' for all namespaces)"],
  ["exclude-namespaces", "namespaces to exclude from the restore"],
  ["include-resources", "resources to include, as resource.group (use '*' for all)"],
  ["exclude-resources", "resources to exclude, as resource.group"],
  ["status-include-resources", "resources whose status is restored"],
  ["status-exclude-resources", "resources whose status is not restored"],
];

/** Builds `restore create` (also `create restore`). */
export function createRestoreCreateCommand(ctx: CliContext, name = "create"): Command {
  const command = new Command(name)
    .description("Create a restore")
    .argument("[name]", "name of the restore (default: <backup or schedule>-<timestamp>)")
    .addOption(new Option("--from-backup <backup>", "backup to restore from"))
    .addOption(new Option("--from-schedule <schedule>", "schedule to restore from"));
  for (const [flag, help] of listFlags) {
    command.addOption(new Option(`--${flag} <list>`, help).argParser(parseStringList));
  }
  const options = [
    new Option("--namespace-mappings <map>", "src1:dst1,src2:dst2").argParser(parseColonMap),
    new Option("--labels <map>", "labels to apply to the restore").argParser(parseKeyValueMap),
    new Option("--annotations <map>", "annotations to apply").argParser(parseKeyValueMap),
    new Option(
      "--existing-resource-policy <policy>",
      "what to do with existing objects: none or update",
    ),
    new Option(
      "-l, --selector <selector>",
      "only restore resources matching this label selector",
    ).argParser(parseLabelSelector),
    new Option(
      "--or-selector <selectors>",
      "restore resources matching any selector ('a=b or c=d')",
    ).argParser(parseOrLabelSelectors),
    new Option(
      "--item-operation-timeout <duration>",
      "how long to wait for async operations",
    ).argParser(parseDurationFlag),
    ...optionalBoolOptions("restore-volumes", "restore volumes from snapshots"),
    ...optionalBoolOptions("preserve-nodeports", "keep the node ports of Services"),
    ...optionalBoolOptions("include-cluster-resources", "include cluster-scoped resources"),
    ...optionalBoolOptions(
      "allow-partially-failed",
      "with --from-schedule, also use PartiallyFailed backups",
    ),
    new Option("-w, --wait", "wait for the operation to complete"),
    new Option("--resource-modifier-configmap <name>", "resource modifier ConfigMap to use"),
    ...optionalBoolOptions("write-sparse-files", "write sparse files when restoring volumes"),
    new Option(
      "--parallel-files-download <n>",
      "files restored at once (0: one per CPU)",
    ).argParser(parseCountFlag),
  ];
  for (const option of options) command.addOption(option);
  addOutputFlags(command);
  return command.action(async (restoreName: string | undefined, opts: RestoreCreateOptions) => {
    await runRestoreCreate(ctx, restoreName, opts);
  });
}

async function runRestoreCreate(
  ctx: CliContext,
  nameArg: string | undefined,
  options: RestoreCreateOptions,
): Promise<void> {
  const name = validateRestoreCreate(nameArg, options, ctx.clock.now());
  const source = await resolveSource(ctx, options);
  const restore = buildRestore({
    namespace: ctx.namespace,
    name,
    options: { ...options, ...source },
  });
  if (options.output !== undefined) {
    ctx.io.stdout.write(printRestore(restore, options));
    return;
  }
  const clients = createVeleroClients(ctx.rest(), ctx.namespace);
  await clients.restores.create(toGoObject(restoreSchema, restore));
  ctx.print(`Restore request "${name}" submitted successfully.`);
  if (options.wait !== true) {
    ctx.print(
      `Run \`kubectl velero restore describe ${name}\` or \`kubectl velero restore logs ${name}\` for more details.`,
    );
    return;
  }
  await waitForRestore(ctx, clients, name);
}

function printRestore(restore: Restore, options: RestoreCreateOptions): string {
  return options.output === "table"
    ? renderRestoreTable([restore], labelColumnsOf(options))
    : formatVeleroObjects([restore], options.output ?? "yaml", {
        schema: restoreSchema,
        listKind: "RestoreList",
      });
}

/**
 * Checks the source exists (the backup, or the schedule's backups) and, for
 * `--from-schedule --allow-partially-failed`, picks the newest usable backup instead.
 */
async function resolveSource(
  ctx: CliContext,
  options: RestoreCreateOptions,
): Promise<Pick<RestoreSpecOptions, "fromBackup" | "fromSchedule">> {
  const current = { fromBackup: options.fromBackup, fromSchedule: options.fromSchedule };
  try {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const backup = options.fromBackup ?? "";
    if (backup !== "") {
      await getExisting(() => clients.backups.get(backup), "backup", {
        name: backup,
        namespace: ctx.namespace,
      });
      return current;
    }
    return await resolveSchedule(clients, options);
  } catch (error) {
    if (options.output !== undefined && isUnreachable(error)) return current;
    throw error;
  }
}

async function resolveSchedule(
  clients: VeleroClients,
  options: RestoreCreateOptions,
): Promise<Pick<RestoreSpecOptions, "fromBackup" | "fromSchedule">> {
  const schedule = options.fromSchedule ?? "";
  const backups = await clients.backups.list(`${SCHEDULE_NAME_LABEL}=${schedule}`);
  if (backups.length === 0) {
    throw new VeleroError("NoBackups", `No backups found for the schedule ${schedule}`);
  }
  if (options.allowPartiallyFailed === true) {
    const latest = mostRecentBackup(backups, ["Completed", "PartiallyFailed"]);
    if (latest !== undefined) return { fromBackup: latest.metadata.name, fromSchedule: undefined };
  }
  return { fromBackup: undefined, fromSchedule: schedule };
}

async function waitForRestore(
  ctx: CliContext,
  clients: VeleroClients,
  name: string,
): Promise<void> {
  await waitForOperation(ctx, {
    kind: "restore",
    name,
    read: () => clients.restores.get(name),
    phaseOf: (restore) => restore.status?.phase ?? "New",
    donePhases: RESTORE_DONE_PHASES,
    sample: (restore, waitedMs) =>
      sampleRestore(clients, restore, { now: ctx.clock.now(), waitedMs }),
  });
}
