// Backup sync: making a cluster's Backups match a location's bucket, and the annotation that
// asks for a sync now.
//
// Sync now (for `kubectl velero migrate` and anyone who cannot wait a backupSyncPeriod):
// annotate the BackupStorageLocation with `velero.io/sync-requested: <any value, by convention
// the RFC 3339 request time>` (a merge patch of metadata.annotations). The agent's backup-sync
// controller sees the change at once and syncs that location from its bucket. When the sync
// has run it removes the annotation and sets `status.lastSyncedTime` in one JSON patch that
// first tests the annotation still holds the value it synced for (a newer request is never
// lost: it triggers another sync). So a requester waits until the annotation is gone; every
// backup that was in the bucket when it set the annotation is then a Backup in the cluster
// (unless it is still finalizing, or failed to decode: see the agent's log). A request on a
// location that is not Available waits until it is; `backupSyncPeriod: 0s` (no periodic sync)
// does not stop an explicit request.
export { syncBackupsFromStore, type BackupSyncDeps, type BackupSyncResult } from "./backup-sync.js";
export {
  filterScheduleOwnerReferences,
  prepareSyncedBackup,
  prepareSyncedPodVolumeBackup,
  type SyncTarget,
} from "./synced-backup.js";
export { acknowledgeSyncPatch, syncRequestOf, type JsonPatchOperation } from "./sync-request.js";
