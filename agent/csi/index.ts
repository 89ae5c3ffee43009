// CSI volume snapshots in backup, restore and deletion (Velero's CSI plugin actions, built in
// and behind `--features=EnableCSI`).
//
// Seams for the data mover (`--snapshot-move-data`):
// - `takeCsiSnapshot(deps, { pvc, backup, snapshotClass, timeoutMs, log })` ⇒ `CsiSnapshot
//   { vs, vsc, handle, driver, sizeBytes }`: creates the VolumeSnapshot, waits until it is
//   ready; on timeout removes it and throws SnapshotNotReadyError naming the PVC.
// - The decision "keep the CSI snapshot" vs "move its data" is in the PVC backup action
//   (pvc-backup-action.ts): after the snapshot is ready, `backup.spec.snapshotMoveData === true`
//   hands it to `SnapshotDataMover.moveSnapshotData({ pvc, snapshot, backup, log })`, whose
//   output is the action's output; otherwise the VolumeSnapshot is backed up with the PVC.
// - Restore: `MovedDataRestorer.restoreMovedData(...)` is called by the PVC restore action for
//   a backup with `snapshotMoveData`; otherwise the PVC is provisioned from the snapshot.
// - Plug both in through `agentBackupItemActions(ctx, { dataMover })` and
//   `agentRestoreItemActions(ctx, { dataRestorer })` (agent-csi.ts).
// - `finishCsiSnapshots` skips backups with `snapshotMoveData` (the mover writes their volume
//   infos and removes their snapshots), as Velero's GetBackupCSIResources does.
export {
  agentBackupItemActions,
  agentRestoreItemActions,
  CSI_FEATURE_FLAG,
  csiBackupItemActions,
  csiRestoreItemActions,
  finishBackupCsiSnapshots,
  isCsiEnabled,
  withAgentCsiSnapshotDeletion,
  type CsiDataMovement,
} from "./agent-csi.js";
export { restCsiApi, type CsiApi, type ObjectAccess } from "./csi-api.js";
export {
  cleanUpFailedSnapshot,
  releaseReadySnapshot,
  takeCsiSnapshot,
  type CsiSnapshot,
  type CsiSnapshotDeps,
  type CsiSnapshotRequest,
} from "./csi-snapshot.js";
export {
  finishCsiSnapshots,
  type CsiBackupSummary,
  type CsiFinishDeps,
} from "./csi-backup-finisher.js";
export {
  deleteCsiSnapshots,
  withCsiSnapshotDeletion,
  type CsiSnapshotDeletionDeps,
  type HeldSnapshot,
} from "./csi-snapshot-deleter.js";
export {
  planClaimSnapshot,
  podBackingUpClaim,
  type ClaimSnapshotPlan,
} from "./claim-snapshot-plan.js";
export {
  createPvcBackupAction,
  csiSnapshotTimeoutMs,
  DEFAULT_CSI_SNAPSHOT_TIMEOUT_MS,
  type PvcBackupActionDeps,
  type SnapshotDataMover,
  type SnapshotDataMoveRequest,
} from "./pvc-backup-action.js";
export {
  createPvcRestoreAction,
  type MovedDataRestorer,
  type MovedDataRestoreRequest,
  type PvcRestoreActionDeps,
} from "./pvc-restore-action.js";
export { selectSnapshotClass, type SnapshotClassQuery } from "./snapshot-class.js";
export { restoredSnapshotName } from "./snapshot-restore-actions.js";
export {
  IncompleteSnapshotError,
  NoSnapshotClassError,
  SnapshotNotReadyError,
  UnsnapshottableClaimError,
} from "./errors.js";
