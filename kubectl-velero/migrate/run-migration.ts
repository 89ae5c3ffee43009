// The seven steps of `migrate`, in order, each picking up what an interrupted run left behind:
// agents, target location, backup, sync, API check, restore, report.
import { backupSchema, restoreSchema, type Backup, type Restore } from "../../lib/api/index.js";
import { AlreadyExistsError, discoverResources } from "../../lib/kube/index.js";
import { toGoObject } from "../output/format.js";
import {
  BACKUP_DONE_PHASES,
  RESTORE_DONE_PHASES,
  sampleBackup,
  sampleRestore,
} from "../progress/wait-for-completion.js";
import { UnsuccessfulPhaseError, waitForOperation } from "../progress/wait-for-operation.js";
import { checkAgent } from "./agent-check.js";
import { describeMissingApis, missingApis, type ResourceListFile } from "./api-versions.js";
import { describeSide, type ClusterSide } from "./cluster-side.js";
import type { Deadline } from "./deadline.js";
import {
  BackupUnsuccessfulError,
  LocationError,
  MissingApiVersionsError,
} from "./migrate-errors.js";
import type { MigrationPlan } from "./migration-plan.js";
import type { MigrationReport } from "./migration-report.js";
import { pointTargetAtSource } from "./point-target.js";
import type { PlannedMigration } from "./plan-migration.js";
import { downloadJson, gatherReport } from "./report-step.js";
import { waitForSyncedBackup } from "./sync-backup.js";

/** What the steps share. */
export interface MigrationRun {
  readonly source: ClusterSide;
  readonly target: ClusterSide;
  readonly deadline: Deadline;
  /** Prints a progress line (stdout, or stderr when the report goes to stdout as data). */
  readonly print: (line: string) => void;
  readonly ignoreMissingApiVersions: boolean;
  readonly namespaceMappings?: Readonly<Record<string, string>> | undefined;
}

/** Total number of steps, for the headings. */
export const STEP_COUNT = 7;

function heading(run: MigrationRun, step: number, text: string): void {
  run.print(`\n[${String(step)}/${String(STEP_COUNT)}] ${text}`);
}

/** Step 1: both agents answer (throws naming the cluster and the install command). */
export async function checkAgents(run: MigrationRun): Promise<void> {
  heading(run, 1, "Checking that both clusters run the agent");
  for (const side of [run.source, run.target]) {
    const version = await checkAgent(side, run.deadline);
    run.print(`  ${describeSide(side)}: agent ${version} answers in namespace ${side.namespace}`);
  }
}

async function createOnce<T>(create: () => Promise<T>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if (error instanceof AlreadyExistsError) return false;
    throw error;
  }
}

async function backupStep(run: MigrationRun, plan: MigrationPlan): Promise<void> {
  const { backup } = plan;
  const verb = { create: "Backing up", resume: "Resuming backup", use: "Using backup" }[
    backup.action
  ];
  heading(run, 3, `${verb} "${backup.name}" in ${describeSide(run.source)}`);
  if (backup.object !== undefined) {
    const object = backup.object;
    await createOnce(() => run.source.clients.backups.create(toGoObject(backupSchema, object)));
  }
  const clients = run.source.clients;
  try {
    await waitForOperation<Backup>(run.source.ctx, {
      kind: "backup",
      name: backup.name,
      read: () => {
        run.deadline.check(`backup "${backup.name}" to complete`);
        return clients.backups.get(backup.name);
      },
      phaseOf: (b) => b.status?.phase ?? "New",
      donePhases: BACKUP_DONE_PHASES,
      sample: (b, waitedMs) =>
        sampleBackup(clients, b, { now: run.deadline.clock.now(), waitedMs }),
    });
  } catch (error) {
    if (error instanceof UnsuccessfulPhaseError) {
      throw new BackupUnsuccessfulError(backup.name, error.phase);
    }
    throw error;
  }
}

async function apiCheckStep(run: MigrationRun, plan: MigrationPlan): Promise<void> {
  heading(run, 5, `Checking that ${describeSide(run.target)} serves the backup's API versions`);
  const list = await downloadJson(run.source, {
    kind: "BackupResourceList",
    name: plan.backup.name,
    location: plan.sourceLocation,
  });
  if (list.value === undefined) {
    throw new LocationError(`cannot read the backup's resource list: ${list.problem ?? ""}`);
  }
  const catalog = await discoverResources(run.target.ctx.rest());
  const missing = describeMissingApis(missingApis(list.value as ResourceListFile, catalog.all));
  if (missing.length === 0) {
    run.print("  every API group version in the backup is served");
    return;
  }
  if (!run.ignoreMissingApiVersions)
    throw new MissingApiVersionsError(describeSide(run.target), missing);
  run.print("  WARNING: restoring anyway (--ignore-missing-api-versions); these will fail:");
  for (const line of missing) run.print(`    - ${line}`);
}

async function restoreStep(run: MigrationRun, plan: MigrationPlan): Promise<Restore> {
  const { restore } = plan;
  const verb = restore.action === "resume" ? "Resuming restore" : "Restoring";
  heading(run, 6, `${verb} "${restore.name}" in ${describeSide(run.target)}`);
  if (restore.object !== undefined) {
    const object = restore.object;
    await createOnce(() => run.target.clients.restores.create(toGoObject(restoreSchema, object)));
  }
  const clients = run.target.clients;
  try {
    return await waitForOperation<Restore>(run.target.ctx, {
      kind: "restore",
      name: restore.name,
      read: () => {
        run.deadline.check(`restore "${restore.name}" to complete`);
        return clients.restores.get(restore.name);
      },
      phaseOf: (r) => r.status?.phase ?? "New",
      donePhases: RESTORE_DONE_PHASES,
      sample: (r, waitedMs) =>
        sampleRestore(clients, r, { now: run.deadline.clock.now(), waitedMs }),
    });
  } catch (error) {
    if (!(error instanceof UnsuccessfulPhaseError)) throw error;
    return clients.restores.get(restore.name);
  }
}

/** Steps 2 to 7 for a planned migration; resolves with the report (whatever it says). */
export async function executeMigration(
  run: MigrationRun,
  planned: PlannedMigration,
): Promise<MigrationReport> {
  const { plan } = planned;
  heading(run, 2, `Pointing ${describeSide(run.target)} at the source's bucket`);
  const location = await pointTargetAtSource(
    { source: run.source, target: run.target, from: planned.from },
    run.deadline,
  );
  run.print(
    `  location "${location.name}" (${location.exists ? "existing" : "created, ReadOnly"}) is Available`,
  );
  await backupStep(run, plan);
  heading(run, 4, `Waiting for ${describeSide(run.target)} to sync backup "${plan.backup.name}"`);
  await waitForSyncedBackup(
    { target: run.target, location: location.name, backup: plan.backup.name },
    run.deadline,
  );
  run.print("  synced");
  await apiCheckStep(run, plan);
  const restore = await restoreStep(run, plan);
  heading(run, 7, "Report");
  return gatherReport({
    source: run.source,
    target: run.target,
    backup: plan.backup.name,
    sourceLocation: plan.sourceLocation,
    targetLocation: location.name,
    restore,
    namespaceMappings: run.namespaceMappings,
  });
}
