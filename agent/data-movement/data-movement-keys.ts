// The velero.io keys and names of snapshot data movement that the agent writes and reads: the
// PVC annotation naming its DataUpload, async operation ids, and the DataUploadResult
// ConfigMaps a restore builds from the backed-up DataUploads.
import { getValidLabelValue } from "../../lib/api/index.js";

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

/** An object's name, namespace and UID (`""` when absent). */
export function identityOf(object: {
  readonly metadata?: { name?: string; namespace?: string; uid?: string } | undefined;
}): { name: string; namespace: string; uid: string } {
  const metadata = object.metadata ?? {};
  return {
    name: metadata.name ?? "",
    namespace: metadata.namespace ?? "",
    uid: metadata.uid ?? "",
  };
}
