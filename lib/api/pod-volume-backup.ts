// The PodVolumeBackup kind (velero.io/v1): one pod volume backed up at file-system level.
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

/** PodVolumeBackup phases in Velero's CRD order. */
export const POD_VOLUME_BACKUP_PHASES = [
  "New",
  "Accepted",
  "Prepared",
  "InProgress",
  "Canceling",
  "Canceled",
  "Completed",
  "Failed",
] as const;
/** A PodVolumeBackup's `status.phase`. */
export type PodVolumeBackupPhase = (typeof POD_VOLUME_BACKUP_PHASES)[number];

/** Which volume of which pod, on which node, into which repository. */
export interface PodVolumeBackupSpec {
  node: string;
  pod: ObjectReference;
  volume: string;
  backupStorageLocation: string;
  /** Restic repository identifier; `""` for kopia. */
  repoIdentifier: string;
  uploaderType?: UploaderType;
  tags?: Record<string, string>;
  uploaderSettings?: Record<string, string>;
  cancel?: boolean;
}

/** What the node-agent records about the backup of a volume. */
export interface PodVolumeBackupStatus {
  phase?: PodVolumeBackupPhase;
  path?: string;
  snapshotID?: string;
  message?: string;
  startTimestamp?: Time;
  completionTimestamp?: Time;
  progress?: DataMoveOperationProgress;
  incrementalBytes?: number;
  acceptedTimestamp?: Time;
}

/** A velero.io/v1 PodVolumeBackup. */
export type PodVolumeBackup = VeleroObject<
  "PodVolumeBackup",
  "velero.io/v1",
  PodVolumeBackupSpec,
  PodVolumeBackupStatus
>;

const nullableTime = optional(time(), { nullable: true, go: "omitnil" });

/** Schema of a whole {@link PodVolumeBackup}. */
export const podVolumeBackupSchema = resourceSchema(
  { kind: "PodVolumeBackup", apiVersion: "velero.io/v1" },
  objectOf<PodVolumeBackupSpec>({
    node: required(str(), { go: "always", description: "Node the pod runs on." }),
    pod: required(objectReferenceSchema, { go: "always" }),
    volume: required(str(), { go: "always", description: "Name of the volume in the pod." }),
    backupStorageLocation: required(str(), { go: "always" }),
    repoIdentifier: required(str(), { go: "always" }),
    uploaderType: optional(uploaderTypeSchema, { go: "always" }),
    tags: optional(mapOf(str())),
    uploaderSettings: optional(mapOf(str()), { nullable: true }),
    cancel: optional(bool()),
  }),
  objectOf<PodVolumeBackupStatus>({
    phase: optional(enumOf(POD_VOLUME_BACKUP_PHASES)),
    path: optional(str()),
    snapshotID: optional(str()),
    message: optional(str()),
    startTimestamp: nullableTime,
    completionTimestamp: nullableTime,
    progress: optional(dataMoveOperationProgressSchema, { go: "always" }),
    incrementalBytes: optional(int64()),
    acceptedTimestamp: nullableTime,
  }),
);
