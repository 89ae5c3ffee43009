// Whether a DeleteBackupRequest may go ahead (Velero's refusals, with its messages): the
// backup must exist and not be running, its location must exist, be writable and Available.
import type { Backup, BackupPhase, BackupStorageLocation } from "../../lib/api/index.js";

/** Backup phases during which the agent is still writing the backup. */
export const RUNNING_BACKUP_PHASES: readonly BackupPhase[] = [
  "ReadyToStart",
  "InProgress",
  "Finalizing",
  "FinalizingPartiallyFailed",
];

/** Velero's message for a request naming no backup. */
export const MISSING_BACKUP_NAME = "spec.backupName is required";
/** Velero's message for a backup that is still running. */
export const BACKUP_IN_PROGRESS = "backup is still in progress";
/** Velero's message for a backup that does not exist. */
export const BACKUP_NOT_FOUND = "backup not found";

/** Refuses a backup that is still being written; undefined when it may be deleted. */
export function checkBackupDeletable(backup: Backup): string | undefined {
  const phase = backup.status?.phase;
  return phase !== undefined && RUNNING_BACKUP_PHASES.includes(phase)
    ? BACKUP_IN_PROGRESS
    : undefined;
}

/**
 * Refuses a location that cannot take the deletion: missing, ReadOnly (nothing is ever deleted
 * from it), or not Available. Undefined when the deletion may proceed.
 */
export function checkLocationDeletable(
  locationName: string,
  location: BackupStorageLocation | undefined,
): string | undefined {
  if (location === undefined) return `backup storage location ${locationName} not found`;
  if (location.spec.accessMode === "ReadOnly") {
    return `cannot delete backup because backup storage location ${locationName} is currently in read-only mode`;
  }
  if (location.status?.phase !== "Available") {
    return `cannot delete backup because backup storage location ${locationName} is currently in Unavailable state`;
  }
  return undefined;
}
