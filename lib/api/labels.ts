// Well-known velero.io label and annotation keys, and Velero's rule for label values from names.
import { createHash } from "node:crypto";

/** Velero's default install namespace. */
export const DEFAULT_NAMESPACE = "velero";

/** On objects a backup owns (PodVolumeBackups, DeleteBackupRequests, DataUploads) and on every restored object. */
export const BACKUP_NAME_LABEL = "velero.io/backup-name";
/** UID of the owning Backup, beside {@link BACKUP_NAME_LABEL}. */
export const BACKUP_UID_LABEL = "velero.io/backup-uid";
/** On every restored object and on PodVolumeRestores. */
export const RESTORE_NAME_LABEL = "velero.io/restore-name";
/** UID of the owning Restore on PodVolumeRestores and DataDownloads. */
export const RESTORE_UID_LABEL = "velero.io/restore-uid";
/** On Backups created by a Schedule. */
export const SCHEDULE_NAME_LABEL = "velero.io/schedule-name";
/** On Backups and BackupRepositories: the BackupStorageLocation they belong to. */
export const STORAGE_LOCATION_LABEL = "velero.io/storage-location";
/** On BackupRepositories: the namespace whose volumes the repository holds. */
export const VOLUME_NAMESPACE_LABEL = "velero.io/volume-namespace";
/** On BackupRepositories: `kopia` or `restic`. */
export const REPOSITORY_TYPE_LABEL = "velero.io/repository-type";
/** Pod UID bookkeeping on PodVolumeBackups and PodVolumeRestores. */
export const POD_UID_LABEL = "velero.io/pod-uid";
/** PVC UID bookkeeping on PodVolumeBackups and DataUploads. */
export const PVC_UID_LABEL = "velero.io/pvc-uid";
/** `<namespace>.<pvc>` bookkeeping for data movement. */
export const PVC_NAMESPACE_NAME_LABEL = "velero.io/pvc-namespace-name";
/** `true` on an object (or a whole namespace) that backups must skip. */
export const EXCLUDE_FROM_BACKUP_LABEL = "velero.io/exclude-from-backup";
/** On a Backup the garbage collector could not delete: `BSLNotFound`, `BSLCannotGet`, `BSLReadOnly`. */
export const GC_FAILURE_LABEL = "velero.io/gc-failure";
/** Label-safe id of an asynchronous plugin operation (`du-<backupUID>.<pvcUID>`). */
export const ASYNC_OPERATION_ID_LABEL = "velero.io/async-operation-id";
/** Data-mover plumbing: the DataUpload an exposed object serves. */
export const DATA_UPLOAD_LABEL = "velero.io/data-upload";
/** Data-mover plumbing: the snapshot info a DataUpload carries. */
export const DATA_UPLOAD_SNAPSHOT_INFO_LABEL = "velero.io/data-upload-snapshot-info";
/** Data-mover plumbing: the DataDownload an exposed object serves. */
export const DATA_DOWNLOAD_LABEL = "velero.io/data-download";
/** Pod-volume plumbing: the PodVolumeBackup an exposed object serves. */
export const POD_VOLUME_BACKUP_LABEL = "velero.io/pod-volume-backup";
/** Pod-volume plumbing: the PodVolumeRestore an exposed object serves. */
export const POD_VOLUME_RESTORE_LABEL = "velero.io/pod-volume-restore";
/** Marks objects created to measure resource usage of data movement. */
export const RESOURCE_USAGE_LABEL = "velero.io/resource-usage";
/** Default label key grouping PVCs into one volume group snapshot (configurable per backup). */
export const VOLUME_GROUP_LABEL = "velero.io/volume-group";
/** On PVs provisioned dynamically during restore. */
export const DYNAMIC_PV_RESTORE_LABEL = "velero.io/dynamic-pv-restore";
/** Label selecting the VolumeSnapshotClass to use for CSI snapshots. */
export const CSI_VOLUMESNAPSHOT_CLASS_LABEL = "velero.io/csi-volumesnapshot-class";
/**
 * Prefix of the Backup annotation choosing a VolumeSnapshotClass per CSI driver:
 * `velero.io/csi-volumesnapshot-class_<driver>`.
 */
export const CSI_VOLUMESNAPSHOT_CLASS_DRIVER_ANNOTATION_PREFIX =
  "velero.io/csi-volumesnapshot-class_";
/** PVC annotation choosing its VolumeSnapshotClass. */
export const CSI_VOLUMESNAPSHOT_CLASS_ANNOTATION = "velero.io/csi-volumesnapshot-class";

/** Pod annotation: comma list of volumes to back up at file-system level (opt-in mode). */
export const BACKUP_VOLUMES_ANNOTATION = "backup.velero.io/backup-volumes";
/** Pod annotation: comma list of volumes to leave out (opt-out mode). */
export const BACKUP_VOLUMES_EXCLUDES_ANNOTATION = "backup.velero.io/backup-volumes-excludes";
/** Bypasses include/exclude checks for items a plugin returns. */
export const MUST_INCLUDE_ADDITIONAL_ITEMS_ANNOTATION =
  "backup.velero.io/must-include-additional-items";
/** Set by internal backup item actions to drop an item. */
export const SKIP_FROM_BACKUP_ANNOTATION = "velero.io/skip-from-backup";
/** Backup annotation overriding the file-system backup timeout for that backup. */
export const POD_VOLUME_TIMEOUT_ANNOTATION = "velero.io/pod-volume-timeout";
/** Backup annotation set by the server: the source cluster's `gitVersion`. */
export const SOURCE_CLUSTER_K8S_GITVERSION_ANNOTATION = "velero.io/source-cluster-k8s-gitversion";
/** Backup annotation set by the server: the source cluster's major version. */
export const SOURCE_CLUSTER_K8S_MAJOR_VERSION_ANNOTATION =
  "velero.io/source-cluster-k8s-major-version";
/** Backup annotation set by the server: the source cluster's minor version. */
export const SOURCE_CLUSTER_K8S_MINOR_VERSION_ANNOTATION =
  "velero.io/source-cluster-k8s-minor-version";
/** Backup annotation set by the server: the resource timeout in force (e.g. `10m0s`). */
export const RESOURCE_TIMEOUT_ANNOTATION = "velero.io/resource-timeout";
/** Per-object override (`true`/`false`) of whether its status is restored. */
export const RESTORE_STATUS_ANNOTATION = "velero.io/restore-status";
/** On restored PVs that were renamed: the PV's name in the backup. */
export const ORIGINAL_PV_NAME_ANNOTATION = "velero.io/original-pv-name";
/** On PodVolumeBackups: the PVC the backed-up volume came from. */
export const PVC_NAME_ANNOTATION = "velero.io/pvc-name";

/** Pod annotation keys of a backup hook, under `pre.` or `post.` (un-prefixed legacy keys mean pre). */
export const BACKUP_HOOK_ANNOTATIONS = {
  preContainer: "pre.hook.backup.velero.io/container",
  preCommand: "pre.hook.backup.velero.io/command",
  preOnError: "pre.hook.backup.velero.io/on-error",
  preTimeout: "pre.hook.backup.velero.io/timeout",
  postContainer: "post.hook.backup.velero.io/container",
  postCommand: "post.hook.backup.velero.io/command",
  postOnError: "post.hook.backup.velero.io/on-error",
  postTimeout: "post.hook.backup.velero.io/timeout",
  legacyContainer: "hook.backup.velero.io/container",
  legacyCommand: "hook.backup.velero.io/command",
  legacyOnError: "hook.backup.velero.io/on-error",
  legacyTimeout: "hook.backup.velero.io/timeout",
} as const;

/** Pod annotation keys of restore exec and init hooks. */
export const RESTORE_HOOK_ANNOTATIONS = {
  postContainer: "post.hook.restore.velero.io/container",
  postCommand: "post.hook.restore.velero.io/command",
  postOnError: "post.hook.restore.velero.io/on-error",
  postExecTimeout: "post.hook.restore.velero.io/exec-timeout",
  postWaitTimeout: "post.hook.restore.velero.io/wait-timeout",
  postWaitForReady: "post.hook.restore.velero.io/wait-for-ready",
  initContainerImage: "init.hook.restore.velero.io/container-image",
  initContainerName: "init.hook.restore.velero.io/container-name",
  initCommand: "init.hook.restore.velero.io/command",
  initTimeout: "init.hook.restore.velero.io/timeout",
} as const;

/** Longest label value Kubernetes accepts (a DNS-1035 label). */
export const MAX_LABEL_VALUE_LENGTH = 63;

/**
 * Turns a name into a valid label value the way Velero's `label.GetValidName` does: a name of
 * at most 63 bytes is returned unchanged; a longer one becomes its first 57 bytes followed by
 * the first 6 hex digits of the SHA-256 of the whole name. Lengths count UTF-8 bytes, as Go's do.
 */
export function getValidLabelValue(name: string): string {
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length <= MAX_LABEL_VALUE_LENGTH) return name;
  const digest = createHash("sha256").update(bytes).digest("hex");
  return bytes.subarray(0, MAX_LABEL_VALUE_LENGTH - 6).toString("utf8") + digest.slice(0, 6);
}
