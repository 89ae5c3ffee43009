// One sync of a backup storage location into the cluster (Velero's backup sync): backups in
// the bucket and not in the cluster are created with their PodVolumeBackups, and Backups of
// this location whose bucket copy is gone are removed from the cluster (never from the bucket).
import {
  getValidLabelValue,
  parseBackupFromStore,
  STORAGE_LOCATION_LABEL,
  type Backup,
  type PodVolumeBackup,
  type Schedule,
} from "../../lib/api/index.js";
import type { BackupStore } from "../../lib/backup-store/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import { AlreadyExistsError, isNotFound, type VeleroResourceClient } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import {
  filterScheduleOwnerReferences,
  prepareSyncedBackup,
  prepareSyncedPodVolumeBackup,
  type SyncTarget,
} from "./synced-backup.js";

/** The clients and services a sync uses. */
export interface BackupSyncDeps {
  readonly velero: {
    readonly namespace: string;
    readonly backups: VeleroResourceClient<Backup>;
    readonly schedules: VeleroResourceClient<Schedule>;
    readonly podVolumeBackups: VeleroResourceClient<PodVolumeBackup>;
  };
  readonly clock: Clock;
  readonly logger: Logger;
}

/** What one sync did, by backup name. */
export interface BackupSyncResult {
  readonly created: string[];
  /** Unfinished, not yet expired backups left for a later sync. */
  readonly skipped: string[];
  /** Backups removed from the cluster because their bucket copy is gone. */
  readonly orphansDeleted: string[];
  /** Backups that could not be synced, with why. */
  readonly failed: { readonly name: string; readonly error: string }[];
}

/** Phases of Backups that orphan deletion may remove (Velero: only finished ones). */
const completedPhases = new Set(["Completed", "PartiallyFailed"]);

/**
 * Syncs `store` (location `locationName`) into the agent's namespace. Listing the bucket or
 * the cluster failing throws (nothing changed); a backup that cannot be read or created is
 * reported in `failed` and the rest go on. Only cluster objects are created or deleted.
 */
export async function syncBackupsFromStore(
  deps: BackupSyncDeps,
  store: BackupStore,
  locationName: string,
): Promise<BackupSyncResult> {
  const inStore = new Set(await store.listBackups());
  const inCluster = await deps.velero.backups.list();
  const clusterNames = new Set(inCluster.map((b) => b.metadata.name ?? ""));
  const result: BackupSyncResult = { created: [], skipped: [], orphansDeleted: [], failed: [] };
  const missing = [...inStore].filter((name) => !clusterNames.has(name));
  if (missing.length > 0) {
    const target = { namespace: deps.velero.namespace, locationName };
    const schedules = await scheduleUids(deps);
    for (const name of missing) {
      await syncOne(deps, { store, target, schedules, result }, name);
    }
  }
  await deleteOrphans(deps, inStore, locationName, result);
  return result;
}

interface SyncRun {
  readonly store: BackupStore;
  readonly target: SyncTarget;
  readonly schedules: ReadonlyMap<string, string>;
  readonly result: BackupSyncResult;
}

async function scheduleUids(deps: BackupSyncDeps): Promise<Map<string, string>> {
  const schedules = await deps.velero.schedules.list();
  return new Map(schedules.map((s) => [s.metadata.name ?? "", s.metadata.uid ?? ""]));
}

async function syncOne(deps: BackupSyncDeps, run: SyncRun, name: string): Promise<void> {
  const log = deps.logger.child({ backup: name });
  try {
    if (!(await run.store.backupExists(name))) return;
    const stored = parseBackupFromStore(await run.store.getBackupMetadata(name));
    const backup = prepareSyncedBackup(stored, run.target, deps.clock.now());
    if (backup === undefined) {
      run.result.skipped.push(name);
      return;
    }
    const owners = filterScheduleOwnerReferences(backup.metadata.ownerReferences, run.schedules);
    if (owners === undefined) delete backup.metadata.ownerReferences;
    else backup.metadata.ownerReferences = owners;
    const created = await deps.velero.backups.create(backup);
    run.result.created.push(name);
    log.info("synced backup into the cluster");
    await syncPodVolumeBackups(deps, run, created);
  } catch (error) {
    if (error instanceof AlreadyExistsError) return;
    run.result.failed.push({ name, error: errorMessage(error) });
    log.warn("could not sync backup", { error: errorMessage(error) });
  }
}

async function syncPodVolumeBackups(
  deps: BackupSyncDeps,
  run: SyncRun,
  backup: Backup,
): Promise<void> {
  const name = backup.metadata.name ?? "";
  for (const json of await run.store.getPodVolumeBackups(name)) {
    try {
      const pvb = prepareSyncedPodVolumeBackup(json, backup, run.target);
      await deps.velero.podVolumeBackups.create(pvb);
    } catch (error) {
      if (error instanceof AlreadyExistsError) continue;
      deps.logger.warn("could not sync pod volume backup", {
        backup: name,
        error: errorMessage(error),
      });
    }
  }
}

async function deleteOrphans(
  deps: BackupSyncDeps,
  inStore: ReadonlySet<string>,
  locationName: string,
  result: BackupSyncResult,
): Promise<void> {
  const selector = `${STORAGE_LOCATION_LABEL}=${getValidLabelValue(locationName)}`;
  for (const backup of await deps.velero.backups.list(selector)) {
    const name = backup.metadata.name ?? "";
    if (inStore.has(name) || !completedPhases.has(backup.status?.phase ?? "")) continue;
    try {
      await deps.velero.backups.delete(name);
      result.orphansDeleted.push(name);
      deps.logger.info("deleted backup whose bucket copy is gone", { backup: name });
    } catch (error) {
      if (!isNotFound(error)) {
        deps.logger.warn("could not delete orphaned backup", {
          backup: name,
          error: errorMessage(error),
        });
      }
    }
  }
}
