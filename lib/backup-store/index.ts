// The backup store: Velero's bucket key layout and the reading and writing of backups,
// restore results and their side files in a backup storage location.
export {
  downloadUrlTtlSeconds,
  type BackupDetails,
  type BackupInfo,
  type BackupStore,
  type BackupUpload,
} from "./backup-store.js";
export { ObjectBackupStore, type ObjectBackupStoreOptions } from "./object-backup-store.js";
export {
  BackupStoreLayout,
  isDownloadTargetKind,
  topLevelDirs,
  type DownloadTargetKind,
  type RepositoryType,
  type TopLevelDir,
} from "./layout.js";
export {
  BackupNotFoundError,
  BackupStoreDataError,
  BackupUploadError,
  DeleteObjectsError,
  InvalidBackupStoreError,
} from "./errors.js";
export {
  backupOperationsCodec,
  backupVolumeInfosCodec,
  kubeObjectsCodec,
  resourceListCodec,
  restoreOperationsCodec,
  restoreVolumeInfosCodec,
  resultsCodec,
  volumeSnapshotsCodec,
  type SideFileCodec,
} from "./side-file-codec.js";
export type {
  BackupOperation,
  BackupVolumeInfo,
  CsiSnapshotInfo,
  KubeObjectJson,
  NativeSnapshotInfo,
  OperationResult,
  OperationResults,
  OperationStatus,
  PodVolumeInfo,
  PvInfo,
  ResourceIdentifier,
  ResourceList,
  RestoreOperation,
  RestoreVolumeInfo,
  SnapshotDataMovementInfo,
  VolumeSnapshotRecord,
} from "./side-file-types.js";
