// The agent's backup engine: preparing a Backup (validation, server mutations), running it
// (collection, archive, upload), the queue rules, and the pod volume backup seam.
export {
  prepareBackup,
  fetchServerVersion,
  type PreparedBackup,
  type ServerVersion,
} from "./backup-request.js";
export { validateBackupSpec, applySpecDefaults } from "./backup-validation.js";
export { runBackup, type BackupOutcome, type BackupRunnerDeps } from "./backup-runner.js";
export {
  namespaceScopeOf,
  nextQueuePosition,
  runnableBackups,
  scopesOverlap,
  type NamespaceScope,
  type QueuedBackup,
  type RunningBackup,
} from "./backup-queue.js";
export {
  noPodVolumeBackups,
  type PodVolumeBackupContext,
  type PodVolumeBackupper,
  type PodVolumeBackupperFactory,
  type PodVolumeBackupRequest,
  type PodVolumeBackupResults,
} from "./pod-volume-backupper.js";
export { ArchiveWriteError, BackupExistsError } from "./errors.js";
