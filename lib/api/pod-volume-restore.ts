// The PodVolumeRestore kind (velero.io/v1): one pod volume restored at file-system level.
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

/** PodVolumeRestore phases in Velero's CRD order (those of every data-moving kind). */
export const POD_VOLUME_RESTORE_PHASES = DATA_MOVE_PHASES;
/** A PodVolumeRestore's `status.phase`. */
export type PodVolumeRestorePhase = DataMovePhase;

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
export interface PodVolumeRestoreStatus extends DataMoveStatus {
  node?: string;
}

/** A velero.io/v1 PodVolumeRestore. */
export type PodVolumeRestore = VeleroObject<
  "PodVolumeRestore",
  "velero.io/v1",
  PodVolumeRestoreSpec,
  PodVolumeRestoreStatus
>;

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
    ...dataMoveStatusFields,
    node: optional(str()),
  }),
);
