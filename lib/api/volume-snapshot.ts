// The CSI snapshot kinds (snapshot.storage.k8s.io/v1: VolumeSnapshot, VolumeSnapshotContent,
// VolumeSnapshotClass) as Velero reads and writes them, and the velero.io keys its CSI
// backup and restore put on them and on PVCs.
import type { ObjectMeta, ObjectReference } from "./meta.js";

/** API group of the CSI snapshot kinds. */
export const SNAPSHOT_GROUP = "snapshot.storage.k8s.io";
/** The served version Velero uses. */
export const SNAPSHOT_VERSION = "v1";
/** `snapshot.storage.k8s.io/v1`. */
export const SNAPSHOT_API_VERSION = `${SNAPSHOT_GROUP}/${SNAPSHOT_VERSION}`;

/** Group-resources as discovery and Velero's selectors name them. */
export const VOLUME_SNAPSHOTS_RESOURCE = "volumesnapshots.snapshot.storage.k8s.io";
export const VOLUME_SNAPSHOT_CONTENTS_RESOURCE = "volumesnapshotcontents.snapshot.storage.k8s.io";
export const VOLUME_SNAPSHOT_CLASSES_RESOURCE = "volumesnapshotclasses.snapshot.storage.k8s.io";

/** `Delete` removes the storage snapshot with its content object; `Retain` keeps it. */
export type SnapshotDeletionPolicy = "Delete" | "Retain";

/** The error a snapshot controller or CSI driver reports. */
export interface VolumeSnapshotError {
  time?: string;
  message?: string;
}

/** A VolumeSnapshot: dynamic (from a PVC) or bound to a pre-provisioned content. */
export interface VolumeSnapshot {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    source: { persistentVolumeClaimName?: string; volumeSnapshotContentName?: string };
    volumeSnapshotClassName?: string;
  };
  status?: {
    boundVolumeSnapshotContentName?: string;
    creationTime?: string;
    readyToUse?: boolean;
    /** A Kubernetes quantity, e.g. `1Gi`. */
    restoreSize?: string;
    error?: VolumeSnapshotError;
    volumeGroupSnapshotName?: string;
  };
}

/** A VolumeSnapshotContent: the storage snapshot (cluster-scoped). */
export interface VolumeSnapshotContent {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    deletionPolicy: SnapshotDeletionPolicy;
    driver: string;
    /** Exactly one: `volumeHandle` (take a snapshot) or `snapshotHandle` (pre-provisioned). */
    source: { volumeHandle?: string; snapshotHandle?: string };
    volumeSnapshotClassName?: string;
    volumeSnapshotRef: ObjectReference;
    sourceVolumeMode?: string;
  };
  status?: {
    snapshotHandle?: string;
    /** Nanoseconds since the epoch. */
    creationTime?: number;
    readyToUse?: boolean;
    /** Bytes. */
    restoreSize?: number;
    error?: VolumeSnapshotError;
    volumeGroupSnapshotHandle?: string;
  };
}

/** A VolumeSnapshotClass (cluster-scoped; `driver` and `deletionPolicy` at the top level). */
export interface VolumeSnapshotClass {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  driver: string;
  deletionPolicy: SnapshotDeletionPolicy;
  parameters?: Record<string, string>;
}

/** On PVCs (label and annotation) and restored PVCs: the VolumeSnapshot Velero took of it. */
export const VOLUME_SNAPSHOT_NAME_LABEL = "velero.io/volume-snapshot-name";
/** On backed-up VolumeSnapshots: the storage snapshot handle. */
export const CSI_SNAPSHOT_HANDLE_ANNOTATION = "velero.io/csi-volumesnapshot-handle";
/** On backed-up VolumeSnapshots: the restore size, as a binary-SI quantity (`1Gi`). */
export const CSI_SNAPSHOT_RESTORE_SIZE_ANNOTATION = "velero.io/csi-volumesnapshot-restore-size";
/** On backed-up VolumeSnapshots: the CSI driver. */
export const CSI_DRIVER_NAME_ANNOTATION = "velero.io/csi-driver-name";
/** On backed-up VolumeSnapshots: the content's deletion policy. */
export const CSI_VSC_DELETION_POLICY_ANNOTATION = "velero.io/csi-vsc-deletion-policy";
/** On backed-up VolumeSnapshots: the group snapshot handle, when the driver sets one. */
export const CSI_VOLUME_GROUP_SNAPSHOT_HANDLE_ANNOTATION =
  "velero.io/csi-volumegroupsnapshot-handle";
/** On PVCs whose volume is not CSI, so no snapshot was taken. */
export const SKIPPED_NO_CSI_PV_ANNOTATION = "backup.velero.io/skipped-no-csi-pv";
/** Kubernetes' default-class annotation on VolumeSnapshotClasses (Velero's second choice). */
export const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = "snapshot.storage.kubernetes.io/is-default-class";
/** On VolumeSnapshotContents: the secret the driver needs to delete the snapshot. */
export const SNAPSHOTTER_SECRET_NAME_ANNOTATION = "csi.storage.k8s.io/snapshotter-secret-name";
export const SNAPSHOTTER_SECRET_NAMESPACE_ANNOTATION =
  "csi.storage.k8s.io/snapshotter-secret-namespace";
/** On VolumeSnapshotClasses: the secret the driver needs to list snapshots. */
export const SNAPSHOTTER_LIST_SECRET_NAME_ANNOTATION =
  "csi.storage.k8s.io/snapshotter-list-secret-name";
export const SNAPSHOTTER_LIST_SECRET_NAMESPACE_ANNOTATION =
  "csi.storage.k8s.io/snapshotter-list-secret-namespace";
