// The PodVolumeRestore kind (velero.io/v1): one pod volume restored at file-system level.
import {
  dataMoveOperationProgressSchema,
  uploaderTypeSchema,
  type DataMoveOperationProgress,
  type UploaderType,
} from "./data-move-progress.js";
import { objectReferenceSchema, type ObjectReference } from "./meta.js";
import { resourceSchema, type VeleroObject } from "./object.js";
import {
  bool,
  enumOf,
  int64,
  mapOf,
  objectOf,
  optional,
  required,
  str,
  time,
} from "./schema/dsl.js";
import type { Time } from "./time.js";

/** PodVolumeRestore phases in Velero's CRD order. */
export const POD_VOLUME_RESTORE_PHASES = [
  "New",
  "Accepted",
  "Prepared",
  "InProgress",
  "Canceling",
  "Canceled",
  "Completed",
  "Failed",
] as const;
/** A PodVolumeRestore's `status.phase`. */
export type PodVolumeRestorePhase = (typeof POD_VOLUME_RESTORE_PHASES)[number];

/** Which snapshot goes into which volume of which pod. */
export interface PodVolumeRestoreSpec {
  pod: ObjectReference;
  volume: string;
  backupStorageLocation: string;
  repoIdentifier: string;
  uploaderType?: UploaderType;
  snapshotID: string;
  sourceNamespace: string;
  uploaderSettings?: Record<string, string>;
  cancel?: boolean;
  snapshotSize?: number;
}

/** What the node-agent records about the restore of a volume. */
export interface PodVolumeRestoreStatus {
  phase?: PodVolumeRestorePhase;
  message?: string;
  startTimestamp?: Time;
  completionTimestamp?: Time;
  progress?: DataMoveOperationProgress;
  acceptedTimestamp?: Time;
  node?: string;
}

/** A velero.io/v1 PodVolumeRestore. */
export type PodVolumeRestore = VeleroObject<
  "PodVolumeRestore",
  "velero.io/v1",
  PodVolumeRestoreSpec,
  PodVolumeRestoreStatus
>;

const nullableTime = optional(time(), { nullable: true, go: "omitnil" });

/** Schema of a whole {@link PodVolumeRestore}. */
export const podVolumeRestoreSchema = resourceSchema(
  { kind: "PodVolumeRestore", apiVersion: "velero.io/v1" },
  objectOf<PodVolumeRestoreSpec>({
    pod: required(objectReferenceSchema, { go: "always" }),
    volume: required(str(), { go: "always" }),
    backupStorageLocation: required(str(), { go: "always" }),
    repoIdentifier: required(str(), { go: "always" }),
    uploaderType: optional(uploaderTypeSchema, { go: "always" }),
    snapshotID: required(str(), { go: "always" }),
    sourceNamespace: required(str(), { go: "always" }),
    uploaderSettings: optional(mapOf(str()), { nullable: true }),
    cancel: optional(bool()),
    snapshotSize: optional(int64()),
  }),
  objectOf<PodVolumeRestoreStatus>({
    phase: optional(enumOf(POD_VOLUME_RESTORE_PHASES)),
    message: optional(str()),
    startTimestamp: nullableTime,
    completionTimestamp: nullableTime,
    progress: optional(dataMoveOperationProgressSchema, { go: "always" }),
    acceptedTimestamp: nullableTime,
    node: optional(str()),
  }),
);
