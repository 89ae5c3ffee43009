// `backup create NAME` (or `--from-schedule`): Velero's flags, checks and messages; `-o` prints
// the Backup without submitting it; `--wait` follows it to the end with live progress.
import { Command, Option } from "commander";
import { backupSchema, type Backup } from "../../../lib/api/index.js";
import { createVeleroClients, type VeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { UsageError } from "../../errors.js";
import {
  addBackupFilterFlags,
  requireOneSelectorKind,
  validateBackupFilters,
  type BackupFilterOptions,
} from "../../flags/backup-filter-flags.js";
import { addOutputFlags, labelColumnsOf, type OutputOptions } from "../../flags/output-flags.js";
import { renderBackupTable } from "../../output/backup-table.js";
import { requireObjectName } from "../../flags/resource-name.js";
import { formatVeleroObjects, toGoObject } from "../../output/format.js";
import { BACKUP_DONE_PHASES, sampleBackup } from "../../progress/wait-for-completion.js";
import { waitForOperation } from "../../progress/wait-for-operation.js";
import { checkBackupReferences, getExisting, isUnreachable } from "./backup-references.js";
import { buildBackup, buildBackupFromSchedule, timestampedName } from "./build-backup.js";

/** Options of `backup create`. */
export interface BackupCreateOptions extends BackupFilterOptions, OutputOptions {
  readonly wait?: boolean;
  readonly fromSchedule?: string;
}

/**
 * Velero's checks that need no cluster: one selector kind, a non-empty `--from-schedule`, a
 * name unless from a schedule, a valid name, and the filter rules. Returns the schedule name.
 */
export function validateBackupCreate(
  name: string | undefined,
  options: BackupCreateOptions,
): string | undefined {
  requireOneSelectorKind(options);
  const fromSchedule = options.fromSchedule?.trim();
  if (fromSchedule === "")
    throw new UsageError("flag must have a non-empty value: --from-schedule");
  if (fromSchedule === undefined && name === undefined) {
    throw new UsageError("a backup name is required, unless you are creating based on a schedule");
  }
  if (name !== undefined) requireObjectName("backup", name);
  if (fromSchedule !== undefined) requireObjectName("schedule", fromSchedule);
  validateBackupFilters(options);
  return fromSchedule;
}

/** Builds `backup create` (named `name`, for the `create backup` alias too). */
export function createBackupCreateCommand(ctx: CliContext, name = "create"): Command {
  const command = new Command(name)
    .description("Create a backup")
    .argument(
      "[name]",
      "name of the backup (default with --from-schedule: <schedule>-<timestamp>)",
    );
  addBackupFilterFlags(command);
  command
    .addOption(new Option("-w, --wait", "wait for the operation to complete"))
    .addOption(
      new Option(
        "--from-schedule <schedule>",
        "create a backup from the template of an existing schedule (all other filters are ignored)",
      ),
    );
  addOutputFlags(command);
  return command.action(async (backupName: string | undefined, options: BackupCreateOptions) => {
    await runBackupCreate(ctx, backupName, options);
  });
}

async function runBackupCreate(
  ctx: CliContext,
  name: string | undefined,
  options: BackupCreateOptions,
): Promise<void> {
  const fromSchedule = validateBackupCreate(name, options);
  const backup = await resolveBackup(ctx, name, options, fromSchedule);
  if (options.output !== undefined) {
    ctx.io.stdout.write(
      options.output === "table"
        ? renderBackupTable([backup], ctx.clock.now(), labelColumnsOf(options))
        : formatVeleroObjects([backup], options.output, {
            schema: backupSchema,
            listKind: "BackupList",
          }),
    );
    return;
  }
  const clients = createVeleroClients(ctx.rest(), ctx.namespace);
  if (fromSchedule !== undefined) {
    ctx.print("Creating backup from schedule, all other filters are ignored.");
  }
  const created = await clients.backups.create(toGoObject(backupSchema, backup));
  const backupName = created.metadata.name ?? "";
  ctx.print(`Backup request "${backupName}" submitted successfully.`);
  if (options.wait !== true) {
    ctx.print(
      `Run \`kubectl velero backup describe ${backupName}\` or \`kubectl velero backup logs ${backupName}\` for more details.`,
    );
    return;
  }
  await waitForBackup(ctx, clients, backupName);
}

async function resolveBackup(
  ctx: CliContext,
  name: string | undefined,
  options: BackupCreateOptions,
  fromSchedule: string | undefined,
): Promise<Backup> {
  const printOnly = options.output !== undefined;
  if (fromSchedule !== undefined) {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const schedule = await getExisting(() => clients.schedules.get(fromSchedule), "schedule", {
      name: fromSchedule,
      namespace: ctx.namespace,
    });
    return buildBackupFromSchedule({
      namespace: ctx.namespace,
      name: name ?? timestampedName(fromSchedule, ctx.clock.now()),
      schedule,
    });
  }
  try {
    await checkBackupReferences(
      ctx.rest(),
      createVeleroClients(ctx.rest(), ctx.namespace),
      options,
    );
  } catch (error) {
    if (!(printOnly && isUnreachable(error))) throw error;
  }
  return buildBackup({ namespace: ctx.namespace, name: name ?? "", options });
}

async function waitForBackup(ctx: CliContext, clients: VeleroClients, name: string): Promise<void> {
  await waitForOperation(ctx, {
    kind: "backup",
    name,
    read: () => clients.backups.get(name),
    phaseOf: (backup) => backup.status?.phase ?? "New",
    donePhases: BACKUP_DONE_PHASES,
    sample: (backup, waitedMs) => sampleBackup(clients, backup, { now: ctx.clock.now(), waitedMs }),
  });
}
