// The velero.io keys and names of snapshot data movement shared by the agent (which creates
// DataUploads/DataDownloads) and the node-agent (which moves their data): the PVC annotation
// naming a DataUpload, async operation ids, the DataUploadResult ConfigMaps' usage and which
// data mover is Velero's own.
import { getValidLabelValue } from "./labels.js";

/** On a backed-up PVC whose data was moved: `<namespace>/<DataUpload name>`. */
export const DATA_UPLOAD_NAME_ANNOTATION = "velero.io/data-upload-name";
/** `velero.io/resource-usage` value of the DataUploadResult ConfigMaps. */
export const DATA_UPLOAD_RESULT_USAGE = "DataUpload";
/** The group resource of DataUploads in archives and additional items. */
export const DATA_UPLOADS_RESOURCE = "datauploads.velero.io";
/** The data mover Velero names when `spec.datamover` is empty. */
export const VELERO_DATA_MOVER = "velero";

/**
 * Velero's label-safe async operation id: `du-<backupUID>.<pvcUID>` for uploads,
 * `dd-<restoreUID>.<pvcUID>` for downloads.
 */
export function operationId(prefix: "du-" | "dd-", ownerUid: string, pvcUid: string): string {
  return getValidLabelValue(`${prefix}${ownerUid}.${pvcUid}`);
}

/** `spec.datamover`, Velero's `velero` when empty. */
export function dataMoverName(datamover: string | undefined): string {
  return datamover === undefined || datamover === "" ? VELERO_DATA_MOVER : datamover;
}

/**
 * True when `spec.datamover` names Velero's built-in mover (empty or `velero`): only those
 * DataUploads/DataDownloads are moved by the node-agent, and only their snapshots live in
 * the backup repositories (Velero's `IsBuiltInUploader`).
 */
export function isBuiltInDataMover(datamover: string | undefined): boolean {
  return dataMoverName(datamover) === VELERO_DATA_MOVER;
}
