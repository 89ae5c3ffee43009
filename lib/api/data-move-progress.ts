// Pieces shared by the data-moving kinds (PodVolumeBackup/Restore, DataUpload/Download):
// byte progress, uploader types, the phase list they all use and the status fields they share.
import { enumOf, int64, objectOf, optional, str, time } from "./schema/dsl.js";
import type { Time } from "./time.js";

/** Bytes moved so far out of the total (`shared.DataMoveOperationProgress`). */
export interface DataMoveOperationProgress {
  totalBytes?: number;
  bytesDone?: number;
}

/** Schema of {@link DataMoveOperationProgress}. */
export const dataMoveOperationProgressSchema = objectOf<DataMoveOperationProgress>({
  totalBytes: optional(int64()),
  bytesDone: optional(int64()),
});

/** Uploaders of file-system backups; `""` means the server's default (kopia). */
export const UPLOADER_TYPES = ["kopia", "restic", ""] as const;
/** A PodVolumeBackup/Restore's `spec.uploaderType` or a BackupRepository's `repositoryType`. */
export type UploaderType = (typeof UPLOADER_TYPES)[number];

/** Schema of {@link UploaderType}. */
export const uploaderTypeSchema = enumOf(UPLOADER_TYPES);

/** The phases of every data-moving kind, in Velero's CRD order. */
export const DATA_MOVE_PHASES = [
  "New",
  "Accepted",
  "Prepared",
  "InProgress",
  "Canceling",
  "Canceled",
  "Completed",
  "Failed",
] as const;
/** A data-moving object's `status.phase`. */
export type DataMovePhase = (typeof DATA_MOVE_PHASES)[number];

/**
 * The status fields every data-moving kind has; each kind's status adds its own (snapshot id,
 * path, node, ...). What the node-agent's run loop writes.
 */
export interface DataMoveStatus {
  phase?: DataMovePhase;
  message?: string;
  startTimestamp?: Time;
  completionTimestamp?: Time;
  progress?: DataMoveOperationProgress;
  acceptedTimestamp?: Time;
}

const nullableTime = optional(time(), { nullable: true, go: "omitnil" });

/**
 * Schemas of the {@link DataMoveStatus} fields, for each kind's status schema to list in its
 * own Go field order (the order fixes the JSON Velero writes).
 */
export const dataMoveStatusFields = {
  phase: optional(enumOf(DATA_MOVE_PHASES)),
  message: optional(str()),
  startTimestamp: nullableTime,
  completionTimestamp: nullableTime,
  progress: optional(dataMoveOperationProgressSchema, { go: "always" }),
  acceptedTimestamp: nullableTime,
} as const;
