// File-system backup repositories from the agent's side: passwords, opening and initialising a
// location's repository, making BackupRepositories Ready, maintenance, and snapshot deletion.
export {
  RepositoryPasswordError,
  RepositoryPasswords,
  type RepositoryPasswordsOptions,
} from "./repository-password.js";
export {
  LocationRepositories,
  type LocationRepositoriesOptions,
  type OpenedTarget,
  type RepositoryTarget,
} from "./location-repositories.js";
export {
  ensureBackupRepository,
  repositoryLabels,
  repositoryName,
  RepositoryNotReadyError,
  type RepositoryEnsurerDeps,
} from "./repository-ensurer.js";
export {
  BackupRepositoryReconciler,
  type BackupRepositoryReconcilerDeps,
  type MaintenanceMetrics,
} from "./backup-repository-reconciler.js";
export {
  appendMaintenance,
  CHECK_READ_FRACTION_KEY,
  describeDamage,
  maintainRepository,
  RECENT_MAINTENANCE_KEPT,
  type MaintenanceOutcome,
} from "./repository-maintenance.js";
export { repositorySnapshotDeleter, snapshotsByRepository } from "./snapshot-deleter.js";
