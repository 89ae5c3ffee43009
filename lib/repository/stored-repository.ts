// The Repository implementation over an object store: wires the index, packs, chunkers and
// sessions together and delegates each operation to its module.
import { performance } from "node:perf_hooks";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { ObjectStore } from "../storage/index.js";
import { runBackup } from "./backup-runner.js";
import { runCheck, type CheckOptions, type CheckResult } from "./check.js";
import { ChunkFetcher } from "./chunk-fetcher.js";
import { CutFinder } from "./chunker.js";
import { deriveKey, newKdfParams, wrapKeys, type RepositoryKeys } from "./crypto.js";
import { encodeFormatRecord, type FormatRecord } from "./format.js";
import { IndexLoader } from "./index-loader.js";
import type { RepositoryLayout } from "./layout.js";
import { runMaintenance, type MaintenanceOptions, type MaintenanceResult } from "./maintenance.js";
import { PackReader } from "./pack-reader.js";
import { ProgressTracker } from "./progress.js";
import { readAllSnapshots, readSnapshot, type RepositoryContext } from "./repository-context.js";
import type { BackupOptions, Repository, RestoreOptions, RestoreResult } from "./repository.js";
import type { SessionTiming } from "./session.js";
import { matchesFilter, type SnapshotFilter, type SnapshotRecord } from "./snapshot.js";
import { SnapshotRestorer } from "./snapshot-restorer.js";

/** Options of {@link StoredRepository}. */
export interface StoredRepositoryOptions {
  readonly store: ObjectStore;
  readonly layout: RepositoryLayout;
  readonly format: FormatRecord;
  readonly keys: RepositoryKeys;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timing: SessionTiming;
}

/** An open repository; built by `openRepository`, which calls `load` first. */
export class StoredRepository implements Repository {
  readonly id: string;
  private readonly ctx: RepositoryContext;
  private format: FormatRecord;

  constructor(options: StoredRepositoryOptions) {
    this.id = options.format.uniqueId;
    this.format = options.format;
    const packs = new PackReader(options);
    const indexes = new IndexLoader(options);
    this.ctx = {
      ...options,
      packSize: options.format.packSize,
      indexes,
      packs,
      fileFinder: new CutFinder(options.format.chunker, options.keys.chunkerSeed),
      treeFinder: new CutFinder(options.format.treeChunker, options.keys.chunkerSeed),
      fetcher: () => new ChunkFetcher(indexes.index, packs),
    };
  }

  /** Reads the indexes. */
  async load(): Promise<void> {
    await this.ctx.indexes.refresh();
  }

  async backup(dir: string, options: BackupOptions = {}): Promise<SnapshotRecord> {
    const parentRecord =
      options.parent === undefined ? undefined : await readSnapshot(this.ctx, options.parent);
    return runBackup(this.ctx, dir, { ...options, parentRecord });
  }

  async restore(
    snapshotId: string,
    targetDir: string,
    options: RestoreOptions = {},
  ): Promise<RestoreResult> {
    const started = performance.now();
    const record = await readSnapshot(this.ctx, snapshotId);
    await this.ctx.indexes.refresh();
    const progress = new ProgressTracker(options.onProgress, options.progressIntervalMs);
    progress.totalBytes = record.stats.totalBytes;
    progress.totalFiles = record.stats.files;
    try {
      const restorer = new SnapshotRestorer({
        fetcher: this.ctx.fetcher(),
        progress,
        signal: options.signal,
        preserveOwnership: options.preserveOwnership,
      });
      await restorer.restore(record.root, targetDir);
    } finally {
      progress.stop();
    }
    return {
      files: progress.filesDone,
      bytes: progress.bytesDone,
      durationMs: Math.round(performance.now() - started),
    };
  }

  async listSnapshots(filter: SnapshotFilter = {}): Promise<SnapshotRecord[]> {
    return (await readAllSnapshots(this.ctx)).filter((record) => matchesFilter(record, filter));
  }

  getSnapshot(snapshotId: string): Promise<SnapshotRecord> {
    return readSnapshot(this.ctx, snapshotId);
  }

  async deleteSnapshot(snapshotId: string): Promise<void> {
    await this.ctx.store.delete(this.ctx.layout.key("snapshots", snapshotId));
  }

  maintain(options?: MaintenanceOptions): Promise<MaintenanceResult> {
    return runMaintenance(this.ctx, options);
  }

  check(options?: CheckOptions): Promise<CheckResult> {
    return runCheck(this.ctx, options);
  }

  async changePassword(newPassword: string): Promise<void> {
    const kdf = {
      ...newKdfParams(),
      n: this.format.kdf.n,
      r: this.format.kdf.r,
      p: this.format.kdf.p,
    };
    const keys = wrapKeys(this.ctx.keys, await deriveKey(newPassword, kdf));
    this.format = { ...this.format, kdf, keys };
    await this.ctx.store.put(this.ctx.layout.formatKey(), encodeFormatRecord(this.format));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
