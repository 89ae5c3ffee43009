// The DataUpload kind (velero.io/v2alpha1): moving a CSI snapshot's data into the backup storage.
import {
  DATA_MOVE_PHASES,
  dataMoveStatusFields,
  type DataMovePhase,
  type DataMoveStatus,
} from "./data-move-progress.js";
import { resourceSchema, type VeleroObject } from "./object.js";
import {
  bool,
  duration,
  enumOf,
  int64,
  mapOf,
  objectOf,
  optional,
  required,
  str,
} from "./schema/dsl.js";
import type { Duration } from "./duration.js";

/** DataUpload phases in Velero's CRD order (those of every data-moving kind). */
export const DATA_UPLOAD_PHASES = DATA_MOVE_PHASES;
/** A DataUpload's `status.phase`. */
export type DataUploadPhase = DataMovePhase;

/** Snapshot types a DataUpload moves (not enumerated in Velero's CRD, nor ours). */
export const SNAPSHOT_TYPES = ["CSI"] as const;
/** A DataUpload's `spec.snapshotType`. */
export type SnapshotType = (typeof SNAPSHOT_TYPES)[number];

/** Operating systems of the node that moves the data. */
export const NODE_OSES = ["auto", "linux", "windows"] as const;
/** `nodeOS` of a DataUpload status or DataDownload spec. */
export type NodeOS = (typeof NODE_OSES)[number];

/** The CSI snapshot to move. */
export interface CSISnapshotSpec {
  volumeSnapshot: string;
  storageClass: string;
  snapshotClass?: string;
  driver?: string;
}

/** What to upload and where. */
export interface DataUploadSpec {
  snapshotType: SnapshotType;
  csiSnapshot?: CSISnapshotSpec;
  sourcePVC: string;
  datamover?: string;
  backupStorageLocation: string;
  sourceNamespace: string;
  dataMoverConfig?: Record<string, string>;
  cancel?: boolean;
  operationTimeout: Duration;
}

/** What the data mover records about an upload. */
export interface DataUploadStatus extends DataMoveStatus {
  path?: string;
  snapshotID?: string;
  dataMoverResult?: Record<string, string>;
  incrementalBytes?: number;
  node?: string;
  nodeOS?: NodeOS;
  acceptedByNode?: string;
}

/** A velero.io/v2alpha1 DataUpload. */
export type DataUpload = VeleroObject<
  "DataUpload",
  "velero.io/v2alpha1",
  DataUploadSpec,
  DataUploadStatus
>;

/** Schema of {@link NodeOS}. */
export const nodeOSSchema = enumOf(NODE_OSES);

/** Schema of a whole {@link DataUpload}. */
export const dataUploadSchema = resourceSchema(
  { kind: "DataUpload", apiVersion: "velero.io/v2alpha1" },
  objectOf<DataUploadSpec>({
    snapshotType: required(enumOf(SNAPSHOT_TYPES, { inCrd: false }), { go: "always" }),
    csiSnapshot: optional(
      objectOf<CSISnapshotSpec>({
        volumeSnapshot: required(str(), { go: "always" }),
        storageClass: required(str(), { go: "always" }),
        snapshotClass: optional(str(), { go: "always" }),
        driver: optional(str()),
      }),
      { nullable: true, go: "alwaysOrNull" },
    ),
    sourcePVC: required(str(), { go: "always" }),
    datamover: optional(str()),
    backupStorageLocation: required(str(), { go: "always" }),
    sourceNamespace: required(str(), { go: "always" }),
    dataMoverConfig: optional(mapOf(str()), { nullable: true }),
    cancel: optional(bool()),
    operationTimeout: required(duration(), { go: "always" }),
  }),
  objectOf<DataUploadStatus>({
    phase: dataMoveStatusFields.phase,
    path: optional(str()),
    snapshotID: optional(str()),
    dataMoverResult: optional(mapOf(str()), { nullable: true, go: "omitnil" }),
    message: dataMoveStatusFields.message,
    startTimestamp: dataMoveStatusFields.startTimestamp,
    completionTimestamp: dataMoveStatusFields.completionTimestamp,
    progress: dataMoveStatusFields.progress,
    incrementalBytes: optional(int64()),
    node: optional(str()),
    nodeOS: optional(nodeOSSchema),
    acceptedByNode: optional(str()),
    acceptedTimestamp: dataMoveStatusFields.acceptedTimestamp,
  }),
);
