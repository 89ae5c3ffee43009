// The restore engine: request resolution, the run from archive to cluster, and the seams
// (pod volume restores) other parts of the agent plug into.
export { BackupArchiveError, RestorePrioritiesError } from "./errors.js";
export {
  isDeletedRestore,
  isNewRestore,
  restoreFinalizer,
  RestoreLifecycle,
  type RestoreLifecycleDeps,
} from "./restore-lifecycle.js";
export { runRestore, type RestoreRunDeps } from "./restore-runner.js";
export {
  checkRestoreSpec,
  latestCompletedBackup,
  nonRestorableResources,
  resolveRestore,
  type ResolvedRestore,
} from "./restore-request.js";
export {
  noPodVolumeRestores,
  podVolumeBackupsForPod,
  type PodVolumeRestoreContext,
  type PodVolumeRestorer,
  type PodVolumeRestoreRequest,
  type PodVolumeRestoreResults,
  type PodVolumeRestorerFactory,
} from "./pod-volume-restorer.js";
export {
  defaultRestorePriorities,
  formatRestorePriorities,
  parseRestorePriorities,
  type RestorePriorities,
} from "./restore-priorities.js";
