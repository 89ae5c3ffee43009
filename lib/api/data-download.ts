// The DataDownload kind (velero.io/v2alpha1): moving uploaded data back into a volume.
import {
  dataMoveOperationProgressSchema,
  type DataMoveOperationProgress,
} from "./data-move-progress.js";
import { nodeOSSchema, type NodeOS } from "./data-upload.js";
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
  time,
} from "./schema/dsl.js";
import type { Duration } from "./duration.js";
import type { Time } from "./time.js";

/** DataDownload phases in Velero's CRD order. */
export const DATA_DOWNLOAD_PHASES = [
  "New",
  "Accepted",
  "Prepared",
  "InProgress",
  "Canceling",
  "Canceled",
  "Completed",
  "Failed",
] as const;
/** A DataDownload's `status.phase`. */
export type DataDownloadPhase = (typeof DATA_DOWNLOAD_PHASES)[number];

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
export interface DataDownloadStatus {
  phase?: DataDownloadPhase;
  message?: string;
  startTimestamp?: Time;
  completionTimestamp?: Time;
  progress?: DataMoveOperationProgress;
  node?: string;
  acceptedByNode?: string;
  acceptedTimestamp?: Time;
}

/** A velero.io/v2alpha1 DataDownload. */
export type DataDownload = VeleroObject<
  "DataDownload",
  "velero.io/v2alpha1",
  DataDownloadSpec,
  DataDownloadStatus
>;

const nullableTime = optional(time(), { nullable: true, go: "omitnil" });

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
    phase: optional(enumOf(DATA_DOWNLOAD_PHASES)),
    message: optional(str()),
    startTimestamp: nullableTime,
    completionTimestamp: nullableTime,
    progress: optional(dataMoveOperationProgressSchema, { go: "always" }),
    node: optional(str()),
    acceptedByNode: optional(str()),
    acceptedTimestamp: nullableTime,
  }),
);
