// The DataDownload kind (velero.io/v2alpha1): moving uploaded data back into a volume.
import {
  DATA_MOVE_PHASES,
  dataMoveStatusFields,
  type DataMovePhase,
  type DataMoveStatus,
} from "./data-move-progress.js";
import { nodeOSSchema, type NodeOS } from "./data-upload.js";
import { resourceSchema, type VeleroObject } from "./object.js";
import { bool, duration, int64, mapOf, objectOf, optional, required, str } from "./schema/dsl.js";
import type { Duration } from "./duration.js";

/** DataDownload phases in Velero's CRD order (those of every data-moving kind). */
export const DATA_DOWNLOAD_PHASES = DATA_MOVE_PHASES;
/** A DataDownload's `status.phase`. */
export type DataDownloadPhase = DataMovePhase;

/** The volume to fill. */
export interface TargetVolumeSpec {
  pvc: string;
  pv: string;
  namespace: string;
}

/** What to download and where to. */
export interface DataDownloadSpec {
  targetVolume: TargetVolumeSpec;
  backupStorageLocation: string;
  datamover?: string;
  snapshotID: string;
  sourceNamespace: string;
  dataMoverConfig?: Record<string, string>;
  cancel?: boolean;
  operationTimeout: Duration;
  nodeOS?: NodeOS;
  snapshotSize?: number;
}

/** What the data mover records about a download. */
export interface DataDownloadStatus extends DataMoveStatus {
  node?: string;
  acceptedByNode?: string;
}

/** A velero.io/v2alpha1 DataDownload. */
export type DataDownload = VeleroObject<
  "DataDownload",
  "velero.io/v2alpha1",
  DataDownloadSpec,
  DataDownloadStatus
>;

/** Schema of a whole {@link DataDownload}. */
export const dataDownloadSchema = resourceSchema(
  { kind: "DataDownload", apiVersion: "velero.io/v2alpha1" },
  objectOf<DataDownloadSpec>({
    targetVolume: required(
      objectOf<TargetVolumeSpec>({
        pvc: required(str(), { go: "always" }),
        pv: required(str(), { go: "always" }),
        namespace: required(str(), { go: "always" }),
      }),
      { go: "always" },
    ),
    backupStorageLocation: required(str(), { go: "always" }),
    datamover: optional(str()),
    snapshotID: required(str(), { go: "always" }),
    sourceNamespace: required(str(), { go: "always" }),
    dataMoverConfig: optional(mapOf(str())),
    cancel: optional(bool()),
    operationTimeout: required(duration(), { go: "always" }),
    nodeOS: optional(nodeOSSchema),
    snapshotSize: optional(int64()),
  }),
  objectOf<DataDownloadStatus>({
    phase: dataMoveStatusFields.phase,
    message: dataMoveStatusFields.message,
    startTimestamp: dataMoveStatusFields.startTimestamp,
    completionTimestamp: dataMoveStatusFields.completionTimestamp,
    progress: dataMoveStatusFields.progress,
    node: optional(str()),
    acceptedByNode: optional(str()),
    acceptedTimestamp: dataMoveStatusFields.acceptedTimestamp,
  }),
);
