// Archive error classes: every way a backup tarball can be refused has its own class and code.
import { VeleroError, type VeleroErrorOptions } from "../errors.js";

/** The bytes are not a well-formed gzip(tar) backup archive (bad gzip, bad tar header, truncation). */
export class ArchiveFormatError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("ArchiveFormat", message, { ...options, retryable: false });
  }
}

/**
 * An entry that could write outside the extraction root or is not a plain file: `..`
 * segments, absolute paths, symlinks, hard links, devices, FIFOs.
 */
export class UnsafeArchiveEntryError extends VeleroError {
  readonly entryPath: string;
  constructor(entryPath: string, reason: string, options: VeleroErrorOptions = {}) {
    super("UnsafeArchiveEntry", `unsafe archive entry ${JSON.stringify(entryPath)}: ${reason}`, {
      ...options,
      retryable: false,
    });
    this.entryPath = entryPath;
  }
}

/** The archive's `metadata/version` names a major format version this reader does not know. */
export class UnsupportedArchiveVersionError extends VeleroError {
  readonly version: string;
  constructor(version: string, supported: string, options: VeleroErrorOptions = {}) {
    super(
      "UnsupportedArchiveVersion",
      `backup archive format version ${JSON.stringify(version)} is not supported (this reader supports ${supported})`,
      { ...options, retryable: false },
    );
    this.version = version;
  }
}

/** An entry, or the archive as a whole once decompressed, exceeds the configured limit. */
export class ArchiveTooLargeError extends VeleroError {
  readonly limitBytes: number;
  constructor(message: string, limitBytes: number, options: VeleroErrorOptions = {}) {
    super("ArchiveTooLarge", message, { ...options, retryable: false });
    this.limitBytes = limitBytes;
  }
}

/** The archive's output stream ended before `finish()`: `abort()` was called or its reader failed. */
export class ArchiveClosedError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("ArchiveClosed", message, { ...options, retryable: false });
  }
}
