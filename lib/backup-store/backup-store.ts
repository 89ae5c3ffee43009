// The BackupStore contract: how backups and restore results are written to, read from and
// deleted in one backup storage location, in Velero's bucket layout and encodings.
import type { Readable } from "node:stream";
import type { ObjectBody } from "../storage/index.js";
import type { BackupStoreLayout, DownloadTargetKind } from "./layout.js";
import type {
  BackupOperation,
  BackupVolumeInfo,
  KubeObjectJson,
  OperationResults,
  ResourceList,
  RestoreOperation,
  RestoreVolumeInfo,
  VolumeSnapshotRecord,
} from "./side-file-types.js";

/** How long a download URL stays valid by default (Velero's DownloadURLTTL): 10 minutes. */
export const downloadUrlTtlSeconds = 600;

/**
 * Everything written for a backup besides its tarball. Absent side files are written empty,
 * as Velero writes them for a backup without such data.
 */
export interface BackupDetails {
  /** `velero-backup.json` exactly as it must be stored (lib/api's encoder: pretty, no newline). */
  readonly metadataJson: string;
  /** The backup log as plain text; the store gzips it. Uploading it is best effort. */
  readonly log?: ObjectBody;
  readonly podVolumeBackups?: readonly KubeObjectJson[];
  readonly volumeSnapshots?: readonly VolumeSnapshotRecord[];
  readonly itemOperations?: readonly BackupOperation[];
  readonly resourceList?: ResourceList;
  readonly results?: OperationResults;
  readonly volumeInfos?: readonly BackupVolumeInfo[];
}

/** A whole backup for {@link BackupStore.putBackup}. */
export interface BackupInfo extends BackupDetails {
  readonly name: string;
  /** The gzip(tar) archive; a stream is uploaded as it is read. */
  readonly contents: ObjectBody;
}

/**
 * A backup being uploaded while it is produced: the tarball streams up first, the rest is
 * written by `complete` once the backup is done.
 */
export interface BackupUpload {
  readonly name: string;
  /**
   * Uploads the tarball, reading `contents` as it is written (e.g. `ArchiveWriter.stream`).
   * If the upload fails, a stream body is destroyed with the error so its writer stops, and
   * the promise rejects with `BackupUploadError`. The promise may be awaited only after the
   * writer finished: a failure before then is not an unhandled rejection.
   */
  uploadContents(contents: ObjectBody): Promise<void>;
  /**
   * Call after `uploadContents` resolved. Writes the log (best effort: a failure is only
   * logged), then every side file, then `velero-backup.json` last. If a side file or the
   * metadata fails, the tarball and every side file written are deleted and
   * `BackupUploadError` is thrown; the backup never looks complete.
   */
  complete(details: BackupDetails): Promise<void>;
  /** Deletes whatever this upload wrote (the log included); idempotent. */
  abort(): Promise<void>;
}

/**
 * One backup storage location, laid out as Velero lays it out (see `BackupStoreLayout`).
 *
 * Contract:
 * - A backup exists exactly when its `velero-backup.json` exists. Uploads write that file
 *   last (tarball → log → side files → metadata), so an interrupted or failed upload never
 *   looks like a finished backup. This differs from Velero's order (log → metadata →
 *   tarball → rest) because our tarball is uploaded while it is being written.
 * - Side-file getters return the decoded records, or an empty value when the file is absent
 *   (backups of older Velero versions), as Velero's readers do; undecodable files throw
 *   `BackupStoreDataError`.
 * - Names are validated by the layout (`InvalidInputError` for `""`, `.`, `..`, `/`).
 * - Storage errors (`lib/storage/errors.ts`) pass through unchanged unless stated.
 */
export interface BackupStore {
  readonly layout: BackupStoreLayout;

  /**
   * Resolves when every top-level directory under the root is one Velero knows (loose files
   * are ignored); otherwise throws `InvalidBackupStoreError` with Velero's message.
   */
  isValid(): Promise<void>;
  /** Names of every backup directory under `backups/`, sorted (complete or not). */
  listBackups(): Promise<string[]>;
  /** True when the backup's `velero-backup.json` exists. */
  backupExists(name: string): Promise<boolean>;
  /** The raw `velero-backup.json`; `BackupNotFoundError` when absent. */
  getBackupMetadata(name: string): Promise<string>;

  /** Uploads a whole backup; see {@link BackupUpload} for the order and failure handling. */
  putBackup(info: BackupInfo): Promise<void>;
  /** Starts a streamed backup upload. */
  startBackup(name: string): BackupUpload;
  /** Replaces `velero-backup.json` (e.g. after async operations finish). */
  putBackupMetadata(name: string, metadataJson: string): Promise<void>;
  /** Replaces the tarball (e.g. the finalized archive). */
  putBackupContents(name: string, contents: ObjectBody): Promise<void>;
  putBackupItemOperations(name: string, operations: readonly BackupOperation[]): Promise<void>;
  putBackupVolumeInfos(name: string, infos: readonly BackupVolumeInfo[]): Promise<void>;

  /** The tarball as a stream; `BackupNotFoundError` when absent. */
  getBackupContents(name: string): Promise<Readable>;
  /** The backup log, gunzipped; `undefined` when absent. */
  getBackupLog(name: string): Promise<Readable | undefined>;
  getBackupVolumeSnapshots(name: string): Promise<VolumeSnapshotRecord[]>;
  getBackupItemOperations(name: string): Promise<BackupOperation[]>;
  getPodVolumeBackups(name: string): Promise<KubeObjectJson[]>;
  getBackupVolumeInfos(name: string): Promise<BackupVolumeInfo[]>;
  /** `{}` when absent. */
  getBackupResourceList(name: string): Promise<ResourceList>;
  /** Empty errors and warnings when absent. */
  getBackupResults(name: string): Promise<OperationResults>;
  /** Legacy (Velero 1.12–1.16) CSI files, read for old backups only. */
  getCSIVolumeSnapshots(name: string): Promise<KubeObjectJson[]>;
  getCSIVolumeSnapshotContents(name: string): Promise<KubeObjectJson[]>;
  getCSIVolumeSnapshotClasses(name: string): Promise<KubeObjectJson[]>;
  /**
   * Deletes every object under `backups/<name>/`, continuing past failures; throws
   * `DeleteObjectsError` naming the keys that could not be deleted.
   */
  deleteBackup(name: string): Promise<void>;

  /** The restore log as plain text; the store gzips it. */
  putRestoreLog(name: string, log: ObjectBody): Promise<void>;
  putRestoreResults(name: string, results: OperationResults): Promise<void>;
  putRestoredResourceList(name: string, list: ResourceList): Promise<void>;
  putRestoreItemOperations(name: string, operations: readonly RestoreOperation[]): Promise<void>;
  putRestoreVolumeInfo(name: string, infos: readonly RestoreVolumeInfo[]): Promise<void>;
  getRestoreLog(name: string): Promise<Readable | undefined>;
  getRestoreResults(name: string): Promise<OperationResults>;
  getRestoredResourceList(name: string): Promise<ResourceList>;
  getRestoreItemOperations(name: string): Promise<RestoreOperation[]>;
  getRestoreVolumeInfo(name: string): Promise<RestoreVolumeInfo[]>;
  /** Deletes every object under `restores/<name>/`, as {@link deleteBackup}. */
  deleteRestore(name: string): Promise<void>;

  /**
   * A URL a plain HTTP GET can fetch for `ttlSeconds` (default 10 minutes). `name` is the
   * backup's name for `Backup*`/`CSI*` kinds and the restore's for `Restore*` kinds.
   */
  getDownloadUrl(kind: DownloadTargetKind, name: string, ttlSeconds?: number): Promise<string>;
}
