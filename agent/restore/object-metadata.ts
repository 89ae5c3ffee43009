// What a restore strips from and adds to every object: Velero's metadata and status reset, and
// the backup-name and restore-name labels.
import { BACKUP_NAME_LABEL, getValidLabelValue, RESTORE_NAME_LABEL } from "../../lib/api/index.js";
import type { KubeObject, KubeObjectMeta } from "../../lib/kube/index.js";

/** Metadata fields the API server owns; removed before an object is created again. */
export const resetMetadataFields = [
  "generateName",
  "selfLink",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "ownerReferences",
] as const;

/**
 * Velero's `resetMetadataAndStatus`: deletes the fields of {@link resetMetadataFields} and the
 * whole `status`, in place, and returns the object. `managedFields` are kept (the restore puts
 * them back after the create).
 */
export function resetMetadataAndStatus(object: KubeObject): KubeObject {
  const metadata = object.metadata;
  if (metadata !== undefined) {
    for (const field of resetMetadataFields) Reflect.deleteProperty(metadata, field);
  }
  Reflect.deleteProperty(object, "status");
  return object;
}

function labelsOf(object: KubeObject): Record<string, string> {
  const metadata: KubeObjectMeta = (object.metadata ??= {});
  return (metadata.labels ??= {});
}

/**
 * Sets `velero.io/backup-name` and `velero.io/restore-name` (label-safe: names over 63 bytes are
 * shortened with a hash suffix, as Velero's `GetValidName`), in place.
 */
export function addRestoreLabels(
  object: KubeObject,
  restoreName: string,
  backupName: string,
): void {
  const labels = labelsOf(object);
  labels[BACKUP_NAME_LABEL] = getValidLabelValue(backupName);
  labels[RESTORE_NAME_LABEL] = getValidLabelValue(restoreName);
}

/** Sets both restore labels to `""` (Velero's `removeRestoreLabels`, used to build label patches). */
export function blankRestoreLabels(object: KubeObject): void {
  const labels = labelsOf(object);
  labels[BACKUP_NAME_LABEL] = "";
  labels[RESTORE_NAME_LABEL] = "";
}
