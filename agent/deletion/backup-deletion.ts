// Processes one DeleteBackupRequest step by step as Velero's backup-deletion controller does:
// refusals, InProgress + Deleting, file-system snapshots, the bucket copy, restores made from
// the backup, the Backup object, then Processed with the errors met on the way.
import {
  BACKUP_NAME_LABEL,
  BACKUP_UID_LABEL,
  getValidLabelValue,
  SCHEDULE_NAME_LABEL,
  type Backup,
  type BackupStorageLocation,
  type DataUpload,
  type DeleteBackupRequest,
  type PodVolumeBackup,
  type Restore,
} from "../../lib/api/index.js";
import type { BackupStore } from "../../lib/backup-store/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import { getOrUndefined, isNotFound, type VeleroResourceClient } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { LocationOpener } from "../locations/index.js";
import { deletionRequestSelector } from "./delete-backup-requests.js";
import {
  BACKUP_NOT_FOUND,
  checkBackupDeletable,
  checkLocationDeletable,
  MISSING_BACKUP_NAME,
} from "./deletion-checks.js";
import { deleteDataUploadsOf, movedSnapshotsOf } from "./moved-snapshots.js";
import {
  podVolumeSnapshots,
  type PodVolumeSnapshotDeleter,
  type RepositorySnapshot,
} from "./pod-volume-snapshot-deleter.js";
import { deleteRestoresOf } from "./restore-cleanup.js";

/** Counters of deletion attempts and outcomes, labelled by schedule ("" for none). */
export interface DeletionMetrics {
  readonly backupDeletionAttempt: { inc(labels: { schedule: string }): void };
  readonly backupDeletionSuccess: { inc(labels: { schedule: string }): void };
  readonly backupDeletionFailure: { inc(labels: { schedule: string }): void };
}

/** What processing a request needs. */
export interface BackupDeletionDeps {
  readonly velero: {
    readonly backups: VeleroResourceClient<Backup>;
    readonly restores: VeleroResourceClient<Restore>;
    readonly deleteBackupRequests: VeleroResourceClient<DeleteBackupRequest>;
    readonly podVolumeBackups: VeleroResourceClient<PodVolumeBackup>;
    readonly dataUploads: VeleroResourceClient<DataUpload>;
    readonly backupStorageLocations: VeleroResourceClient<BackupStorageLocation>;
  };
  readonly locations: LocationOpener;
  readonly snapshots: PodVolumeSnapshotDeleter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: DeletionMetrics;
  /** How long to wait for restores of the backup to go (Velero: 1 minute). */
  readonly restoreWaitMs?: number;
  /** How often to look while waiting (Velero: 1 second). */
  readonly restorePollMs?: number;
}

/** Processed and stuck InProgress requests are deleted once this old (Velero: 24 h). */
export const REQUEST_MAX_AGE_MS = 24 * 3_600_000;

/**
 * Processes `request` (read fresh). Returns when to look at it again (to delete it once it is
 * 24 h old). Refusals and failures are recorded in the request; a thrown error means the
 * Kubernetes API failed and the request should be retried.
 */
export async function processDeleteBackupRequest(
  deps: BackupDeletionDeps,
  request: DeleteBackupRequest,
  signal: AbortSignal,
): Promise<ReconcileResult | undefined> {
  const phase = request.status?.phase;
  if (phase === "Processed" || phase === "InProgress") return expireOldRequest(deps, request);
  if (request.spec.backupName === "") return finish(deps, request, [MISSING_BACKUP_NAME]);
  await deleteOtherRequests(deps, request);
  const target = await findTarget(deps, request.spec.backupName);
  if ("refusal" in target) return finish(deps, request, [target.refusal]);
  return deleteBackup(deps, { request, ...target, signal });
}

/** The backup and its location, or why the deletion is refused. */
async function findTarget(
  deps: BackupDeletionDeps,
  backupName: string,
): Promise<{ backup: Backup; location: BackupStorageLocation } | { refusal: string }> {
  const backup = await getOrUndefined(() => deps.velero.backups.get(backupName));
  if (backup === undefined) return { refusal: BACKUP_NOT_FOUND };
  const running = checkBackupDeletable(backup);
  if (running !== undefined) return { refusal: running };
  const locationName = backup.spec.storageLocation ?? "";
  const location = await getOrUndefined(() => deps.velero.backupStorageLocations.get(locationName));
  const refusal = checkLocationDeletable(locationName, location);
  if (refusal !== undefined) return { refusal };
  return location === undefined ? { refusal: BACKUP_NOT_FOUND } : { backup, location };
}

interface Deletion {
  readonly request: DeleteBackupRequest;
  readonly backup: Backup;
  readonly location: BackupStorageLocation;
  readonly signal: AbortSignal;
}

async function deleteBackup(
  deps: BackupDeletionDeps,
  deletion: Deletion,
): Promise<ReconcileResult | undefined> {
  const { request, backup } = deletion;
  const name = backup.metadata.name ?? "";
  const log = deps.logger.child({ backup: name, deleteBackupRequest: request.metadata.name });
  await deps.velero.deleteBackupRequests.patch(request.metadata.name ?? "", {
    metadata: { labels: requestLabels(request, backup) },
    status: { phase: "InProgress" },
  });
  try {
    await deps.velero.backups.patch(name, { status: { phase: "Deleting" } });
  } catch (error) {
    return finish(deps, request, [
      `error setting backup phase to deleting: ${errorMessage(error)}`,
    ]);
  }
  const schedule = backup.metadata.labels?.[SCHEDULE_NAME_LABEL] ?? "";
  deps.metrics.backupDeletionAttempt.inc({ schedule });
  const errors = await removeBackupData(deps, deletion);
  errors.push(...(await deleteRestoresOf(deps, name, deletion.signal)));
  if (errors.length === 0) errors.push(...(await deleteBackupObject(deps, name)));
  const outcome = errors.length === 0 ? "backupDeletionSuccess" : "backupDeletionFailure";
  deps.metrics[outcome].inc({ schedule });
  log.info(errors.length === 0 ? "backup deleted" : "backup deletion failed", { errors });
  const result = await finish(deps, request, errors);
  if (errors.length === 0) await deleteAllRequestsFor(deps, backup);
  return result;
}

function requestLabels(request: DeleteBackupRequest, backup: Backup): Record<string, string> {
  const labels = { ...request.metadata.labels };
  if ((labels[BACKUP_NAME_LABEL] ?? "") === "") {
    labels[BACKUP_NAME_LABEL] = getValidLabelValue(request.spec.backupName);
  }
  if ((labels[BACKUP_UID_LABEL] ?? "") === "") labels[BACKUP_UID_LABEL] = backup.metadata.uid ?? "";
  return labels;
}

/**
 * Repository snapshots (file-system and moved data) and the backup's DataUploads, then (only
 * if all of them went) everything under `backups/<b>/`.
 */
async function removeBackupData(deps: BackupDeletionDeps, deletion: Deletion): Promise<string[]> {
  const name = deletion.backup.metadata.name ?? "";
  let opened;
  try {
    opened = await deps.locations.open(deletion.location);
  } catch (error) {
    return [`error getting the backup store: ${errorMessage(error)}`];
  }
  const found = await repositorySnapshotsOf(deps, deletion.backup, opened.store);
  if ("error" in found) return [found.error];
  const errors = await deps.snapshots.deleteSnapshots({
    backup: deletion.backup,
    location: opened,
    snapshots: found.snapshots,
    signal: deletion.signal,
  });
  errors.push(...(await deleteDataUploadsOf(movedDataDeps(deps, opened.store), deletion.backup)));
  if (errors.length > 0) return errors;
  try {
    await opened.store.deleteBackup(name);
    return [];
  } catch (error) {
    return [`error deleting backup ${name} from the backup storage: ${errorMessage(error)}`];
  }
}

function movedDataDeps(deps: BackupDeletionDeps, store: BackupStore) {
  return {
    dataUploads: deps.velero.dataUploads,
    volumeInfos: (name: string) => store.getBackupVolumeInfos(name),
  };
}

/** The backup's PodVolumeBackups' snapshots and its moved snapshots. */
async function repositorySnapshotsOf(
  deps: BackupDeletionDeps,
  backup: Backup,
  store: BackupStore,
): Promise<{ snapshots: RepositorySnapshot[] } | { error: string }> {
  const name = backup.metadata.name ?? "";
  const pvbs = await deps.velero.podVolumeBackups.list(
    `${BACKUP_NAME_LABEL}=${getValidLabelValue(name)}`,
  );
  const moved = await movedSnapshotsOf(movedDataDeps(deps, store), backup);
  if ("error" in moved) return moved;
  const defaultLocation = backup.spec.storageLocation ?? "";
  return { snapshots: [...podVolumeSnapshots(pvbs, defaultLocation), ...moved.snapshots] };
}

async function deleteBackupObject(deps: BackupDeletionDeps, name: string): Promise<string[]> {
  try {
    await deps.velero.backups.delete(name);
    return [];
  } catch (error) {
    if (isNotFound(error)) return [];
    return [`error deleting backup ${name}: ${errorMessage(error)}`];
  }
}

async function finish(
  deps: BackupDeletionDeps,
  request: DeleteBackupRequest,
  errors: readonly string[],
): Promise<ReconcileResult> {
  await deps.velero.deleteBackupRequests.patch(request.metadata.name ?? "", {
    status: { phase: "Processed", errors: errors.length > 0 ? errors : null },
  });
  return { requeueAfterMs: remainingLifeMs(deps, request) };
}

function remainingLifeMs(deps: BackupDeletionDeps, request: DeleteBackupRequest): number {
  const created = request.metadata.creationTimestamp;
  const age = created === undefined ? 0 : deps.clock.now().getTime() - Date.parse(created);
  return Math.min(Math.max(REQUEST_MAX_AGE_MS - age, 0), 3_600_000);
}

async function expireOldRequest(
  deps: BackupDeletionDeps,
  request: DeleteBackupRequest,
): Promise<ReconcileResult | undefined> {
  const remaining = remainingLifeMs(deps, request);
  if (remaining > 0) return { requeueAfterMs: remaining };
  await ignoreNotFound(deps.velero.deleteBackupRequests.delete(request.metadata.name ?? ""));
  return undefined;
}

async function deleteOtherRequests(
  deps: BackupDeletionDeps,
  request: DeleteBackupRequest,
): Promise<void> {
  const selector = deletionRequestSelector(request.spec.backupName);
  for (const other of await deps.velero.deleteBackupRequests.list(selector)) {
    const name = other.metadata.name ?? "";
    if (name !== request.metadata.name) {
      await ignoreNotFound(deps.velero.deleteBackupRequests.delete(name));
    }
  }
}

async function deleteAllRequestsFor(deps: BackupDeletionDeps, backup: Backup): Promise<void> {
  const selector = deletionRequestSelector(backup.metadata.name ?? "", backup.metadata.uid ?? "");
  try {
    for (const request of await deps.velero.deleteBackupRequests.list(selector)) {
      await ignoreNotFound(deps.velero.deleteBackupRequests.delete(request.metadata.name ?? ""));
    }
  } catch (error) {
    deps.logger.warn("could not delete the backup's deletion requests", {
      backup: backup.metadata.name,
      error: errorMessage(error),
    });
  }
}

async function ignoreNotFound(promise: Promise<void>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
