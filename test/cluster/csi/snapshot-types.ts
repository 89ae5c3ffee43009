// The snapshot.storage.k8s.io/v1 objects the test cluster's CSI snapshot controller and driver
// read and write, with the names, finalizers and annotations spelled as the external-snapshotter
// spells them.
import type { KubeObject, ResourceRef } from "../cluster-api.js";

/** The API group of VolumeSnapshot, VolumeSnapshotContent and VolumeSnapshotClass. */
export const SNAPSHOT_GROUP = "snapshot.storage.k8s.io";
/** The only served version. */
export const SNAPSHOT_VERSION = "v1";
/** `snapshot.storage.k8s.io/v1`. */
export const SNAPSHOT_API_VERSION = `${SNAPSHOT_GROUP}/${SNAPSHOT_VERSION}`;

/**
 * The CSI driver of the test cluster: the provisioner of the default `standard` StorageClass
 * (the same string as `DEFAULT_PROVISIONER` in `../bootstrap.ts`) and the driver that takes snapshots.
 */
export const LOCAL_CSI_DRIVER = "local.csi.test";

/** The VolumeSnapshotClass every cluster starts with (driver {@link LOCAL_CSI_DRIVER}, Delete). */
export const DEFAULT_SNAPSHOT_CLASS = "local-csi-snapclass";

const ref = (resource: string): ResourceRef => ({
  group: SNAPSHOT_GROUP,
  version: SNAPSHOT_VERSION,
  resource,
});

/** The three snapshot resources (VolumeSnapshots are namespaced, the other two cluster-scoped). */
export const snapshotResources = {
  volumesnapshots: ref("volumesnapshots"),
  volumesnapshotcontents: ref("volumesnapshotcontents"),
  volumesnapshotclasses: ref("volumesnapshotclasses"),
} as const satisfies Record<string, ResourceRef>;

/** Finalizers the snapshot controller manages. */
export const snapshotFinalizers = {
  /** On every live VolumeSnapshot: kept while a claim is being provisioned from it. */
  asSource: "snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection",
  /** On a VolumeSnapshot bound to a content whose deletionPolicy is Delete. */
  bound: "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection",
  /** On every VolumeSnapshotContent: kept while its VolumeSnapshot still uses it. */
  content: "snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection",
} as const;

/** Annotations of the snapshot API. */
export const snapshotAnnotations = {
  /** On a VolumeSnapshotClass: the default class of its driver. */
  isDefaultClass: "snapshot.storage.kubernetes.io/is-default-class",
  /** On a VolumeSnapshotContent while the driver is cutting its snapshot. */
  beingCreated: "snapshot.storage.kubernetes.io/volumesnapshot-being-created",
  /** On a VolumeSnapshotContent the controller deletes because its VolumeSnapshot went. */
  beingDeleted: "snapshot.storage.kubernetes.io/volumesnapshot-being-deleted",
} as const;

/** The label Velero looks for on a VolumeSnapshotClass it may use for a driver. */
export const VELERO_SNAPSHOT_CLASS_LABEL = "velero.io/csi-volumesnapshot-class";

/** An error as both snapshot kinds report it in `status.error`. */
export interface SnapshotError {
  message?: string;
  time?: string;
}

/** A VolumeSnapshot: a user's request for a snapshot of a claim, or a claim on an existing one. */
export interface VolumeSnapshot extends KubeObject {
  spec: {
    source: { persistentVolumeClaimName?: string; volumeSnapshotContentName?: string };
    volumeSnapshotClassName?: string;
  };
  status?: {
    boundVolumeSnapshotContentName?: string;
    creationTime?: string;
    readyToUse?: boolean;
    restoreSize?: string;
    error?: SnapshotError;
  };
}

/** A VolumeSnapshotContent: one snapshot on the storage system. */
export interface VolumeSnapshotContent extends KubeObject {
  spec: {
    deletionPolicy: "Delete" | "Retain";
    driver: string;
    source: { volumeHandle?: string; snapshotHandle?: string };
    sourceVolumeMode?: string;
    volumeSnapshotClassName?: string;
    volumeSnapshotRef: {
      apiVersion?: string;
      kind?: string;
      name?: string;
      namespace?: string;
      uid?: string;
      resourceVersion?: string;
    };
  };
  status?: {
    /** Unix nanoseconds. */
    creationTime?: number;
    readyToUse?: boolean;
    /** Bytes. */
    restoreSize?: number;
    snapshotHandle?: string;
    error?: SnapshotError;
  };
}

/** A VolumeSnapshotClass. */
export interface VolumeSnapshotClass extends KubeObject {
  driver: string;
  deletionPolicy: "Delete" | "Retain";
  parameters?: Record<string, string>;
}
