// Backup store error classes: a missing backup, an invalid location layout, undecodable
// files, and a failed upload (with what was cleaned up).
import { VeleroError, type VeleroErrorOptions } from "../errors.js";

/** The backup has no `velero-backup.json` (or, for its contents, no tarball) in the store. */
export class BackupNotFoundError extends VeleroError {
  readonly backupName: string;
  constructor(backupName: string, message?: string, options: VeleroErrorOptions = {}) {
    super("BackupNotFound", message ?? `backup "${backupName}" not found in the backup store`, {
      ...options,
      retryable: false,
    });
    this.backupName = backupName;
  }
}

/**
 * The location's root holds top-level directories Velero does not know. The message is
 * Velero's own, e.g. `Backup store contains invalid top-level directories: [a b c]`.
 */
export class InvalidBackupStoreError extends VeleroError {
  readonly invalidDirs: readonly string[];
  constructor(invalidDirs: readonly string[], options: VeleroErrorOptions = {}) {
    super("InvalidBackupStore", invalidDirsMessage(invalidDirs), { ...options, retryable: false });
    this.invalidDirs = invalidDirs;
  }
}

function invalidDirsMessage(dirs: readonly string[]): string {
  if (dirs.length > 3) {
    const shown = [...dirs.slice(0, 3), "..."].join(" ");
    return `Backup store contains ${dirs.length} invalid top-level directories: [${shown}]`;
  }
  return `Backup store contains invalid top-level directories: [${dirs.join(" ")}]`;
}

/** A file in the store is not the gzip/JSON it should be. */
export class BackupStoreDataError extends VeleroError {
  readonly key: string;
  constructor(key: string, message: string, options: VeleroErrorOptions = {}) {
    super("BackupStoreData", `${key}: ${message}`, { ...options, retryable: false });
    this.key = key;
  }
}

/**
 * Uploading a backup failed. `cause` is the first failure; `cleanupErrors` lists failures
 * to delete what had been written (empty when the cleanup succeeded). Retryable when the
 * cause is.
 */
export class BackupUploadError extends VeleroError {
  readonly backupName: string;
  readonly cleanupErrors: readonly unknown[];
  constructor(backupName: string, cause: unknown, cleanupErrors: readonly unknown[] = []) {
    const retryable = cause instanceof VeleroError && cause.retryable;
    const reason = cause instanceof Error ? cause.message : String(cause);
    const cleanup =
      cleanupErrors.length > 0 ? ` (and ${cleanupErrors.length} cleanup failures)` : "";
    super("BackupUpload", `uploading backup "${backupName}" failed: ${reason}${cleanup}`, {
      cause,
      retryable,
    });
    this.backupName = backupName;
    this.cleanupErrors = cleanupErrors;
  }
}

/** Some objects under a prefix could not be deleted; `cause` is the first failure. */
export class DeleteObjectsError extends VeleroError {
  readonly failedKeys: readonly string[];
  constructor(prefix: string, failedKeys: readonly string[], causes: readonly unknown[]) {
    const retryable = causes.some((c) => c instanceof VeleroError && c.retryable);
    super(
      "DeleteObjects",
      `${failedKeys.length} object(s) under "${prefix}" could not be deleted: ${failedKeys.join(", ")}`,
      { cause: causes[0], retryable },
    );
    this.failedKeys = failedKeys;
  }
}
