// Deleting backups: DeleteBackupRequests (building, finding, processing step by step), the
// garbage collector's rules, and the seam for deleting repository snapshots (file-system and
// moved data).
export {
  processDeleteBackupRequest,
  REQUEST_MAX_AGE_MS,
  type BackupDeletionDeps,
  type DeletionMetrics,
} from "./backup-deletion.js";
export {
  BACKUP_IN_PROGRESS,
  BACKUP_NOT_FOUND,
  checkBackupDeletable,
  checkLocationDeletable,
  MISSING_BACKUP_NAME,
  RUNNING_BACKUP_PHASES,
} from "./deletion-checks.js";
export { deletionRequestSelector, isPendingDeletion } from "./delete-backup-requests.js";
export {
  decideGarbageCollection,
  expiresInMs,
  gcFailureOf,
  type GcDecision,
  type GcFailure,
  type LocationLookup,
} from "./garbage-collection.js";
export {
  deleteDataUploadsOf,
  movedSnapshotsInVolumeInfos,
  movedSnapshotsOf,
  movedSnapshotsOfDataUploads,
} from "./moved-snapshots.js";
export {
  noPodVolumeSnapshotDeletion,
  podVolumeSnapshots,
  type PodVolumeSnapshotDeleter,
  type PodVolumeSnapshotDeletion,
  type RepositorySnapshot,
} from "./pod-volume-snapshot-deleter.js";
export { deleteRestoresOf, type RestoreCleanupDeps } from "./restore-cleanup.js";
