// The records Velero keeps beside a backup's tarball and a restore's logs, with Velero's JSON
// field names (including the capitalised ones of untagged Go fields). Times are RFC 3339
// strings as metav1.Time writes them, e.g. `2026-01-02T03:04:05Z`.

/** `{"<apiVersion>/<Kind>": ["ns/name", "name", ...]}`; restores add `(created)` etc. */
export type ResourceList = Readonly<Record<string, readonly string[]>>;

/** Messages of a backup or restore, Velero's `results.Result`; every field omitempty. */
export interface OperationResult {
  readonly velero?: readonly string[];
  readonly cluster?: readonly string[];
  readonly namespaces?: Readonly<Record<string, readonly string[]>>;
}

/** The `-results.gz` files: errors and warnings. */
export interface OperationResults {
  readonly errors: OperationResult;
  readonly warnings: OperationResult;
}

/** A native (VolumeSnapshotter) snapshot record, `-volumesnapshots.json.gz`. */
export interface VolumeSnapshotRecord {
  readonly spec: {
    readonly backupName: string;
    readonly backupUID: string;
    readonly location: string;
    readonly persistentVolumeName: string;
    readonly providerVolumeID: string;
    readonly volumeType: string;
    readonly volumeAZ?: string;
    readonly volumeIOPS?: number;
  };
  readonly status: {
    readonly providerSnapshotID?: string;
    /** `New`, `Completed` or `Failed`. */
    readonly phase?: string;
  };
}

/** An item by group, resource, namespace and name; Go's untagged, capitalised keys. */
export interface ResourceIdentifier {
  readonly Group: string;
  readonly Resource: string;
  readonly Namespace: string;
  readonly Name: string;
}

/** Progress of an asynchronous plugin operation; every field omitempty. */
export interface OperationStatus {
  /** `New`, `InProgress`, `Completed` or `Failed`. */
  readonly phase?: string;
  readonly error?: string;
  readonly nCompleted?: number;
  readonly nTotal?: number;
  readonly operationUnits?: string;
  readonly description?: string;
  readonly created?: string;
  readonly started?: string;
  readonly updated?: string;
}

/** `-itemoperations.json.gz` of a backup. */
export interface BackupOperation {
  readonly spec: {
    readonly backupName: string;
    readonly backupUID: string;
    readonly backupItemAction: string;
    readonly resourceIdentifier: ResourceIdentifier;
    readonly operationID: string;
    readonly postOperationItems: readonly ResourceIdentifier[] | null;
  };
  readonly status: OperationStatus;
}

/** `restore-<r>-itemoperations.json.gz`. */
export interface RestoreOperation {
  readonly spec: {
    readonly restoreName: string;
    readonly restoreUID: string;
    readonly restoreItemAction: string;
    readonly resourceIdentifier: ResourceIdentifier;
    readonly operationID: string;
  };
  readonly status: OperationStatus;
}

/** CSI snapshot details of a volume. */
export interface CsiSnapshotInfo {
  readonly snapshotHandle: string;
  readonly size: number;
  readonly driver: string;
  readonly vscName: string;
  readonly operationID?: string;
  readonly ReadyToUse: boolean | null;
  readonly volumeGroupSnapshotHandle?: string;
}

/** Data-mover details of a volume. */
export interface SnapshotDataMovementInfo {
  readonly dataMover: string;
  readonly uploaderType: string;
  readonly retainedSnapshot?: string;
  readonly snapshotHandle: string;
  readonly operationID: string;
  readonly size: number;
  readonly incrementalSize?: number;
  readonly Phase: string;
}

/** Native snapshot details of a volume. */
export interface NativeSnapshotInfo {
  readonly snapshotHandle: string;
  readonly volumeType: string;
  readonly volumeAZ: string;
  /** IOPS as a decimal string. */
  readonly iops: string;
  readonly Phase: string;
}

/** File-system (pod volume) backup or restore details of a volume. */
export interface PodVolumeInfo {
  readonly snapshotHandle?: string;
  readonly size?: number;
  readonly incrementalSize?: number;
  readonly uploaderType: string;
  readonly volumeName: string;
  readonly podName: string;
  readonly podNamespace: string;
  readonly nodeName?: string;
  readonly Phase: string;
}

/** PersistentVolume details that a restore must carry over. */
export interface PvInfo {
  readonly reclaimPolicy: string;
  readonly labels: Readonly<Record<string, string>> | null;
}

/** One volume of a backup, `-volumeinfo.json.gz`. */
export interface BackupVolumeInfo {
  readonly pvcName?: string;
  readonly pvcNamespace?: string;
  readonly pvName?: string;
  /** `NativeSnapshot`, `PodVolumeBackup` or `CSISnapshot`. */
  readonly backupMethod?: string;
  readonly snapshotDataMoved: boolean;
  readonly preserveLocalSnapshot: boolean;
  readonly skipped: boolean;
  readonly skippedReason?: string;
  readonly startTimestamp?: string;
  readonly completionTimestamp?: string;
  /** `succeeded` or `failed`. */
  readonly result?: string;
  readonly csiSnapshotInfo?: CsiSnapshotInfo;
  readonly snapshotDataMovementInfo?: SnapshotDataMovementInfo;
  readonly nativeSnapshotInfo?: NativeSnapshotInfo;
  readonly pvbInfo?: PodVolumeInfo;
  readonly pvInfo?: PvInfo;
}

/** One volume of a restore, `<r>-volumeinfo.json.gz`. */
export interface RestoreVolumeInfo {
  readonly pvcName?: string;
  readonly pvcNamespace?: string;
  readonly pvName?: string;
  /** `NativeSnapshot`, `PodVolumeRestore` or `CSISnapshot`. */
  readonly restoreMethod?: string;
  readonly snapshotDataMoved: boolean;
  readonly csiSnapshotInfo?: CsiSnapshotInfo;
  readonly snapshotDataMovementInfo?: SnapshotDataMovementInfo;
  readonly nativeSnapshotInfo?: NativeSnapshotInfo;
  readonly pvrInfo?: PodVolumeInfo;
}

/** A Kubernetes object kept as JSON (PodVolumeBackups, legacy CSI objects). */
export type KubeObjectJson = Readonly<Record<string, unknown>>;
