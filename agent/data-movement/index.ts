// Snapshot data movement (`--snapshot-move-data`) on the agent side: DataUploads for ready CSI
// snapshots during backups, DataDownloads for moved PVCs during restores, and the controllers
// that carry them. The node-agent moves the data (node-agent/data-movement).
export {
  agentDataMovement,
  backupControllerWithDataMovement,
  dataUploadRetrieveAction,
  restoreControllerWithDataMovement,
} from "./agent-data-movement.js";
export { withDataDownloads, waitForDataDownloads } from "./data-download-waiter.js";
export { buildDataUpload } from "./data-upload-object.js";
export {
  createDataUploadRetrieveAction,
  dataUploadResultOf,
  type DataUploadResult,
} from "./data-upload-result.js";
export { dataUploadVolumeInfo, withDataUploadVolumeInfos } from "./data-upload-volume-infos.js";
export { buildDataDownload, createMovedDataRestorer } from "./moved-data-restorer.js";
export { createSnapshotDataMover, itemOperationTimeoutMs } from "./snapshot-data-mover.js";
