// Boundary decoders for every velero.io kind (unknown JSON in, typed object out), and the
// encoder of `velero-backup.json` in Velero's exact byte form.
import { backupSchema, type Backup } from "./backup.js";
import { backupRepositorySchema, type BackupRepository } from "./backup-repository.js";
import {
  backupStorageLocationSchema,
  type BackupStorageLocation,
} from "./backup-storage-location.js";
import { dataDownloadSchema, type DataDownload } from "./data-download.js";
import { dataUploadSchema, type DataUpload } from "./data-upload.js";
import { deleteBackupRequestSchema, type DeleteBackupRequest } from "./delete-backup-request.js";
import { downloadRequestSchema, type DownloadRequest } from "./download-request.js";
import { InvalidObjectError } from "./errors.js";
import { findKind } from "./group.js";
import { podVolumeBackupSchema, type PodVolumeBackup } from "./pod-volume-backup.js";
import { podVolumeRestoreSchema, type PodVolumeRestore } from "./pod-volume-restore.js";
import { restoreSchema, type Restore } from "./restore.js";
import { scheduleSchema, type Schedule } from "./schedule.js";
import { decodeWith } from "./schema/decode.js";
import { encodeGoJson } from "./schema/encode.js";
import { serverStatusRequestSchema, type ServerStatusRequest } from "./server-status-request.js";
import {
  volumeSnapshotLocationSchema,
  type VolumeSnapshotLocation,
} from "./volume-snapshot-location.js";

/*
 * Every decoder below validates `json` (parsed JSON or YAML, e.g. from the API server or a
 * bucket) and returns a fresh typed object: `kind` and `apiVersion` must match, wrong types,
 * enums, durations and times throw InvalidObjectError naming the field (`spec.ttl`), nulls
 * and unknown fields are dropped, fields come out in Go order.
 */

/** Decodes a velero.io/v1 Backup. */
export const decodeBackup = (json: unknown): Backup => decodeWith(backupSchema, json);
/** Decodes a velero.io/v1 Restore. */
export const decodeRestore = (json: unknown): Restore => decodeWith(restoreSchema, json);
/** Decodes a velero.io/v1 Schedule. */
export const decodeSchedule = (json: unknown): Schedule => decodeWith(scheduleSchema, json);
/** Decodes a velero.io/v1 BackupStorageLocation. */
export const decodeBackupStorageLocation = (json: unknown): BackupStorageLocation =>
  decodeWith(backupStorageLocationSchema, json);
/** Decodes a velero.io/v1 VolumeSnapshotLocation. */
export const decodeVolumeSnapshotLocation = (json: unknown): VolumeSnapshotLocation =>
  decodeWith(volumeSnapshotLocationSchema, json);
/** Decodes a velero.io/v1 PodVolumeBackup. */
export const decodePodVolumeBackup = (json: unknown): PodVolumeBackup =>
  decodeWith(podVolumeBackupSchema, json);
/** Decodes a velero.io/v1 PodVolumeRestore. */
export const decodePodVolumeRestore = (json: unknown): PodVolumeRestore =>
  decodeWith(podVolumeRestoreSchema, json);
/** Decodes a velero.io/v1 DeleteBackupRequest. */
export const decodeDeleteBackupRequest = (json: unknown): DeleteBackupRequest =>
  decodeWith(deleteBackupRequestSchema, json);
/** Decodes a velero.io/v1 DownloadRequest. */
export const decodeDownloadRequest = (json: unknown): DownloadRequest =>
  decodeWith(downloadRequestSchema, json);
/** Decodes a velero.io/v1 ServerStatusRequest. */
export const decodeServerStatusRequest = (json: unknown): ServerStatusRequest =>
  decodeWith(serverStatusRequestSchema, json);
/** Decodes a velero.io/v1 BackupRepository. */
export const decodeBackupRepository = (json: unknown): BackupRepository =>
  decodeWith(backupRepositorySchema, json);
/** Decodes a velero.io/v2alpha1 DataUpload. */
export const decodeDataUpload = (json: unknown): DataUpload => decodeWith(dataUploadSchema, json);
/** Decodes a velero.io/v2alpha1 DataDownload. */
export const decodeDataDownload = (json: unknown): DataDownload =>
  decodeWith(dataDownloadSchema, json);

/**
 * Reads the text of a bucket's `backups/<b>/velero-backup.json`. Throws
 * {@link InvalidObjectError} when it is not JSON or not a valid Backup.
 */
export function parseBackupFromStore(text: string): Backup {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidObjectError("", "velero-backup.json is not valid JSON", { cause: error });
  }
  return decodeBackup(json);
}

/**
 * The text of `velero-backup.json` exactly as Velero writes it (Kubernetes' pretty JSON
 * serializer): `kind`, `apiVersion`, `metadata`, `spec`, `status`, each struct's fields in
 * Velero's Go declaration order, zero values where Go writes them (`"ttl": "0s"`,
 * `"hooks": {}`, `"creationTimestamp": null`), 2-space indent, no trailing newline.
 */
export function encodeBackupForStore(backup: Backup): string {
  return encodeGoJson(backupSchema, backup);
}

/** Any velero.io object. */
export type AnyVeleroObject =
  | Backup
  | Restore
  | Schedule
  | BackupStorageLocation
  | VolumeSnapshotLocation
  | PodVolumeBackup
  | PodVolumeRestore
  | DeleteBackupRequest
  | DownloadRequest
  | ServerStatusRequest
  | BackupRepository
  | DataUpload
  | DataDownload;

/**
 * Decodes an object of any velero.io kind, chosen by its `kind` field. Throws
 * {@link InvalidObjectError} for a kind Velero does not define (field `kind`) or a bad object.
 */
export function decodeVeleroObject(json: unknown): AnyVeleroObject {
  const kind =
    typeof json === "object" && json !== null ? (json as { kind?: unknown }).kind : undefined;
  const info = typeof kind === "string" ? findKind(kind) : undefined;
  if (info === undefined) {
    throw new InvalidObjectError("kind", `not a velero.io kind: ${JSON.stringify(kind)}`);
  }
  return decodeWith<AnyVeleroObject>({ node: info.schema }, json);
}
