// Velero's backup and restore hooks: commands run in pods through pods/exec before and after
// their backup (pod annotations and `spec.hooks`), and after their restore.
export {
  backupHookFromAnnotations,
  parseHookCommand,
  restoreExecAnnotations,
  restoreExecHookFromAnnotations,
  restoreInitAnnotations,
  type HookPhase,
} from "./hook-annotations.js";
export {
  compileHookSelector,
  podHookSelector,
  podResourceResolver,
  type HookSelector,
} from "./hook-selector.js";
export { HookTracker, type HookKey, type HookSource } from "./hook-tracker.js";
export {
  clientNodePodExec,
  type PodExec,
  type PodExecRequest,
  type PodExecResult,
} from "./pod-exec.js";
export {
  defaultHookTimeoutMs,
  executePodCommand,
  hookContainer,
  runPodCommand,
  type PodCommandOutcome,
} from "./pod-command-executor.js";
export {
  createBackupHookRunner,
  type BackupHookRunnerOptions,
  type PodHookRunner,
} from "./backup-hook-runner.js";
export {
  addRestoreInitHooks,
  restoreInitHookErrors,
  restoreWaitContainerName,
  type RestoreInitHookOptions,
} from "./restore-init-hooks.js";
export {
  groupRestoreExecHooks,
  runRestoreExecHooks,
  type PodExecRestoreHook,
  type RestoreExecHookOptions,
} from "./restore-exec-hooks.js";
export {
  defaultRestoreHookLimitMs,
  RestoreHookRunner,
  type RestoreHookError,
  type RestoreHookResults,
  type RestoreHookRunnerOptions,
} from "./restore-hook-runner.js";
