// Pieces shared by the data-moving kinds (PodVolumeBackup/Restore, DataUpload/Download):
// byte progress, uploader types and the phase list they all use.
import { enumOf, int64, objectOf, optional } from "./schema/dsl.js";

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
