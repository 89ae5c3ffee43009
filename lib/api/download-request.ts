// The DownloadRequest kind (velero.io/v1): a request for a signed URL to one backup or restore file.
import { resourceSchema, type VeleroObject } from "./object.js";
import { enumOf, objectOf, optional, required, str, time } from "./schema/dsl.js";
import type { Time } from "./time.js";

/** What can be downloaded, in Velero's CRD order. */
export const DOWNLOAD_TARGET_KINDS = [
  "BackupLog",
  "BackupContents",
  "BackupVolumeSnapshots",
  "BackupItemOperations",
  "BackupResourceList",
  "BackupResults",
  "RestoreLog",
  "RestoreResults",
  "RestoreResourceList",
  "RestoreItemOperations",
  "CSIBackupVolumeSnapshots",
  "CSIBackupVolumeSnapshotContents",
  "BackupVolumeInfos",
  "RestoreVolumeInfo",
] as const;
/** A DownloadRequest's `spec.target.kind`. */
export type DownloadTargetKind = (typeof DOWNLOAD_TARGET_KINDS)[number];

/** DownloadRequest phases. */
export const DOWNLOAD_REQUEST_PHASES = ["New", "Processed"] as const;
/** A DownloadRequest's `status.phase`. */
export type DownloadRequestPhase = (typeof DOWNLOAD_REQUEST_PHASES)[number];

/** The file wanted: its kind and the backup or restore it belongs to. */
export interface DownloadTarget {
  kind: DownloadTargetKind;
  name: string;
}

/** What to download. */
export interface DownloadRequestSpec {
  target: DownloadTarget;
}

/** The signed URL and when it expires. */
export interface DownloadRequestStatus {
  phase?: DownloadRequestPhase;
  downloadURL?: string;
  expiration?: Time;
}

/** A velero.io/v1 DownloadRequest. */
export type DownloadRequest = VeleroObject<
  "DownloadRequest",
  "velero.io/v1",
  DownloadRequestSpec,
  DownloadRequestStatus
>;

/** Schema of a whole {@link DownloadRequest}. */
export const downloadRequestSchema = resourceSchema(
  { kind: "DownloadRequest", apiVersion: "velero.io/v1" },
  objectOf<DownloadRequestSpec>({
    target: required(
      objectOf<DownloadTarget>({
        kind: required(enumOf(DOWNLOAD_TARGET_KINDS), { go: "always" }),
        name: required(str(), { go: "always", description: "Backup or restore name." }),
      }),
      { go: "always" },
    ),
  }),
  objectOf<DownloadRequestStatus>({
    phase: optional(enumOf(DOWNLOAD_REQUEST_PHASES)),
    downloadURL: optional(str()),
    expiration: optional(time(), { nullable: true, go: "omitnil" }),
  }),
);
