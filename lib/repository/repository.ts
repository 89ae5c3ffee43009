// The repository façade: the Repository contract, and init/open over (ObjectStore, prefix,
// password).
import { systemClock, type Clock } from "../clock.js";
import { silentLogger, type Logger } from "../log.js";
import { ObjectNotFoundError, readObject, type ObjectStore } from "../storage/index.js";
import type { CheckOptions, CheckResult } from "./check.js";
import {
  deriveKey,
  newKdfParams,
  newRepositoryKeys,
  unwrapKeys,
  wrapKeys,
  type KdfParams,
  type RepositoryKeys,
} from "./crypto.js";
import { RepositoryExistsError, RepositoryNotFoundError } from "./errors.js";
import {
  decodeFormatRecord,
  encodeFormatRecord,
  newFormatRecord,
  type FormatOptions,
  type FormatRecord,
} from "./format.js";
import { RepositoryLayout } from "./layout.js";
import { LocalCache } from "./local-cache.js";
import type { MaintenanceOptions, MaintenanceResult } from "./maintenance.js";
import type { ProgressCallback } from "./progress.js";
import { defaultSessionTiming, type SessionTiming } from "./session.js";
import type { SnapshotFilter, SnapshotRecord, SnapshotTags } from "./snapshot.js";
import { StoredRepository } from "./stored-repository.js";

/** Options of {@link Repository.backup}. */
export interface BackupOptions {
  /** Snapshot whose unchanged files (same size, mtime, inode) are reused without reading. */
  readonly parent?: string;
  readonly tags?: SnapshotTags;
  /** Source identity recorded in the snapshot; default: the absolute directory path. */
  readonly source?: string;
  readonly signal?: AbortSignal;
  /** Called at least every `progressIntervalMs` (default 1000) and once at the end. */
  readonly onProgress?: ProgressCallback;
  readonly progressIntervalMs?: number;
  /**
   * Worker threads that hash and encode large chunks (0: all on the calling thread); default
   * one per core, at most four.
   */
  readonly workerThreads?: number;
  /** Scan the tree concurrently to report `totalBytes` early; default true. */
  readonly estimateTotals?: boolean;
}

/** Options of {@link Repository.restore}. */
export interface RestoreOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressCallback;
  readonly progressIntervalMs?: number;
  /** Restore uid/gid; default: when running as root. */
  readonly preserveOwnership?: boolean;
}

/** What a restore wrote. */
export interface RestoreResult {
  readonly files: number;
  readonly bytes: number;
  readonly durationMs: number;
}

/**
 * A deduplicating, compressed, encrypted file-system backup repository under one prefix of an
 * object store. One instance may run one operation at a time per method call; several
 * processes may share a repository (backups announce sessions, maintenance takes a lock).
 */
export interface Repository {
  /** The repository's unique id (from its format record). */
  readonly id: string;
  /**
   * Backs `dir` up into a new snapshot and returns its record. The record is written only
   * after every pack and index it needs is stored, so a failed or aborted backup
   * (`OperationAbortedError`) leaves no snapshot. Special files are skipped with a warning in
   * `record.warnings`. Throws `InvalidSourceError` when `dir` is not a directory and
   * `SnapshotNotFoundError` for an unknown parent.
   */
  backup(dir: string, options?: BackupOptions): Promise<SnapshotRecord>;
  /**
   * Writes snapshot `snapshotId` into `targetDir` (created when missing), verifying every
   * chunk. Throws `SnapshotNotFoundError`, `MissingPackError`/`CorruptPackError` naming the
   * pack, `UnsafePathError` for names that would leave the target, `OperationAbortedError`.
   */
  restore(snapshotId: string, targetDir: string, options?: RestoreOptions): Promise<RestoreResult>;
  /** Snapshots matching `filter`, oldest first. */
  listSnapshots(filter?: SnapshotFilter): Promise<SnapshotRecord[]>;
  /** One snapshot record; `SnapshotNotFoundError` when missing. */
  getSnapshot(snapshotId: string): Promise<SnapshotRecord>;
  /** Deletes a snapshot record (its data goes at the next `maintain`); idempotent. */
  deleteSnapshot(snapshotId: string): Promise<void>;
  /** Removes packs no snapshot references; never while a live backup session exists. */
  maintain(options?: MaintenanceOptions): Promise<MaintenanceResult>;
  /** Verifies packs, indexes and snapshots, naming whatever is damaged. */
  check(options?: CheckOptions): Promise<CheckResult>;
  /** Re-wraps the repository keys under a new password; data is not rewritten. */
  changePassword(newPassword: string): Promise<void>;
  /** Releases resources; the instance must not be used afterwards. */
  close(): Promise<void>;
}

/** Options shared by {@link initRepository} and {@link openRepository}. */
export interface OpenRepositoryOptions {
  readonly store: ObjectStore;
  /** Key prefix of the repository inside the store, e.g. `velero/kopia/app/`. */
  readonly prefix: string;
  readonly password: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly sessionTiming?: SessionTiming;
  /**
   * A node-local directory for caches (the unwrapped keys), one folder per repository id;
   * without it every open runs the KDF. Its files are as sensitive as the password: keep it on
   * the node, readable only by its owner.
   */
  readonly cacheDir?: string;
}

/** Options of {@link initRepository}. */
export interface InitRepositoryOptions extends OpenRepositoryOptions {
  readonly format?: FormatOptions;
  /** scrypt cost override (tests use a cheap one). */
  readonly kdf?: Partial<Pick<KdfParams, "n" | "r" | "p">>;
}

/** Creates a repository; `RepositoryExistsError` when one is already at the prefix. */
export async function initRepository(options: InitRepositoryOptions): Promise<Repository> {
  const layout = new RepositoryLayout(options.prefix);
  if (await options.store.exists(layout.formatKey())) {
    throw new RepositoryExistsError(layout.prefix);
  }
  const kdf = { ...newKdfParams(), ...options.kdf };
  const keys = newRepositoryKeys();
  const wrapped = wrapKeys(keys, await deriveKey(options.password, kdf));
  const now = (options.clock ?? systemClock).now();
  const record = newFormatRecord({ ...options.format, kdf, keys: wrapped, now });
  await options.store.put(layout.formatKey(), encodeFormatRecord(record));
  return openRepository(options);
}

/** The repository keys: from the local cache when it has them, else through the KDF. */
async function unlockKeys(
  format: FormatRecord,
  password: string,
  cache: LocalCache | undefined,
): Promise<RepositoryKeys> {
  const cached = cache?.readKeys(password, format);
  if (cached !== undefined) return cached;
  const keys = unwrapKeys(format.keys, await deriveKey(password, format.kdf));
  cache?.writeKeys(password, format, keys);
  return keys;
}

/**
 * Opens a repository: `RepositoryNotFoundError` when none is at the prefix,
 * `UnsupportedFormatError` for an unknown format version, `WrongPasswordError` when the
 * password does not unwrap the keys.
 */
export async function openRepository(options: OpenRepositoryOptions): Promise<Repository> {
  const layout = new RepositoryLayout(options.prefix);
  let text: string;
  try {
    text = (await readObject(options.store, layout.formatKey())).toString("utf8");
  } catch (error) {
    if (error instanceof ObjectNotFoundError) {
      throw new RepositoryNotFoundError(layout.prefix, { cause: error });
    }
    throw error;
  }
  const format = decodeFormatRecord(text);
  const cache =
    options.cacheDir === undefined ? undefined : LocalCache.open(options.cacheDir, format);
  const keys = await unlockKeys(format, options.password, cache);
  const repository = new StoredRepository({
    store: options.store,
    layout,
    format,
    keys,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    timing: options.sessionTiming ?? defaultSessionTiming,
  });
  await repository.load();
  return repository;
}
