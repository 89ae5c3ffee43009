// The PodVolumeBackup kind (velero.io/v1): one pod volume backed up at file-system level.
import {
  DATA_MOVE_PHASES,
  dataMoveStatusFields,
  uploaderTypeSchema,
  type DataMovePhase,
  type DataMoveStatus,
  type UploaderType,
} from "./data-move-progress.js";
import { objectReferenceSchema, type ObjectReference } from "./meta.js";
import { resourceSchema, type VeleroObject } from "./object.js";
import { bool, int64, mapOf, objectOf, optional, required, str } from "./schema/dsl.js";

/** PodVolumeBackup phases in Velero's CRD order (those of every data-moving kind). */
export const POD_VOLUME_BACKUP_PHASES = DATA_MOVE_PHASES;
/** A PodVolumeBackup's `status.phase`. */
export type PodVolumeBackupPhase = DataMovePhase;

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
export interface PodVolumeBackupStatus extends DataMoveStatus {
  path?: string;
  snapshotID?: string;
  incrementalBytes?: number;
}

/** A velero.io/v1 PodVolumeBackup. */
export type PodVolumeBackup = VeleroObject<
  "PodVolumeBackup",
  "velero.io/v1",
  PodVolumeBackupSpec,
  PodVolumeBackupStatus
>;

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
    phase: dataMoveStatusFields.phase,
    path: optional(str()),
    snapshotID: optional(str()),
    message: dataMoveStatusFields.message,
    startTimestamp: dataMoveStatusFields.startTimestamp,
    completionTimestamp: dataMoveStatusFields.completionTimestamp,
    progress: dataMoveStatusFields.progress,
    incrementalBytes: optional(int64()),
    acceptedTimestamp: dataMoveStatusFields.acceptedTimestamp,
  }),
);
