// The file-system backup repository: content-defined chunks, deduplicated, compressed with zstd
// and sealed with AES-256-GCM in pack objects under one prefix of an object store.
export type {
  BackupOptions,
  InitRepositoryOptions,
  OpenRepositoryOptions,
  Repository,
  RestoreOptions,
  RestoreResult,
} from "./repository.js";
export { initRepository, openRepository } from "./repository.js";
export type { CheckOptions, CheckResult, Damage } from "./check.js";
export type { MaintenanceOptions, MaintenanceResult } from "./maintenance.js";
export type { Progress, ProgressCallback } from "./progress.js";
export type { SessionTiming } from "./session.js";
export type { SnapshotFilter, SnapshotRecord, SnapshotStats, SnapshotTags } from "./snapshot.js";
export type { EntryType, TreeEntry } from "./tree.js";
export type { ChunkerParams } from "./chunker.js";
export type { FormatOptions } from "./format.js";
export {
  CorruptBlobError,
  CorruptPackError,
  InvalidSourceError,
  MissingChunkError,
  MissingPackError,
  OperationAbortedError,
  RepositoryBusyError,
  RepositoryExistsError,
  RepositoryNotFoundError,
  SnapshotNotFoundError,
  UnsafePathError,
  UnsupportedFormatError,
  WrongPasswordError,
} from "./errors.js";
