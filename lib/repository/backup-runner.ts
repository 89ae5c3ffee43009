// Runs one backup: announces a session, walks the source into chunks and trees, commits packs
// and indexes, and only then writes the snapshot record.
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Clock } from "../clock.js";
import type { ObjectStore } from "../storage/index.js";
import type { ChunkFetcher } from "./chunk-fetcher.js";
import { ChunkWorkerPool } from "./chunk-worker-pool.js";
import { ChunkWriter } from "./chunk-writer.js";
import type { CutFinder } from "./chunker.js";
import type { RepositoryKeys } from "./crypto.js";
import { InvalidSourceError, OperationAbortedError } from "./errors.js";
import { ListingLoader } from "./listing-loader.js";
import { FileReader } from "./file-reader.js";
import type { IndexLoader } from "./index-loader.js";
import type { RepositoryLayout } from "./layout.js";
import { ProgressTracker } from "./progress.js";
import type { BackupOptions } from "./repository.js";
import { putSealed } from "./sealed-blobs.js";
import { startBackupSession, type SessionTiming } from "./session.js";
import { newSnapshotId, snapshotAad, type SnapshotRecord } from "./snapshot.js";
import { SnapshotWriter } from "./snapshot-writer.js";
import { estimateTotals } from "./total-estimator.js";

/** Everything a backup needs from the repository. */
export interface BackupContext {
  readonly store: ObjectStore;
  readonly layout: RepositoryLayout;
  readonly keys: RepositoryKeys;
  readonly clock: Clock;
  readonly timing: SessionTiming;
  readonly packSize: number;
  readonly indexes: IndexLoader;
  readonly fetcher: () => ChunkFetcher;
  readonly fileFinder: CutFinder;
  readonly treeFinder: CutFinder;
}

async function requireDirectory(dir: string): Promise<void> {
  const st = await stat(dir).catch((error: unknown) => {
    throw new InvalidSourceError(`cannot read backup source "${dir}"`, { cause: error });
  });
  if (!st.isDirectory()) throw new InvalidSourceError(`backup source "${dir}" is not a directory`);
}

/** A pool of `threads` workers (default one per core, at most four); none for 0. */
function newWorkerPool(keys: RepositoryKeys, threads?: number): ChunkWorkerPool | undefined {
  const count = threads ?? Math.max(1, Math.min(4, availableParallelism()));
  return count > 0 ? new ChunkWorkerPool(keys, count) : undefined;
}

/** Seeds progress totals from the parent, or scans for them beside the backup. */
function startTotals(
  dir: string,
  at: {
    progress: ProgressTracker;
    options: BackupOptions & { readonly parentRecord?: SnapshotRecord };
    isStopped: () => boolean;
  },
): void {
  const { progress, options } = at;
  const parentStats = options.parentRecord?.stats;
  if (parentStats !== undefined) {
    progress.totalBytes = parentStats.totalBytes;
    progress.totalFiles = parentStats.files;
  } else if (options.estimateTotals !== false) {
    void estimateTotals(dir, progress, () => at.isStopped() || options.signal?.aborted === true);
  }
}

/** Backs `dir` up; see `Repository.backup` for the contract. */
export async function runBackup(
  ctx: BackupContext,
  dir: string,
  options: BackupOptions & { readonly parentRecord?: SnapshotRecord },
): Promise<SnapshotRecord> {
  await requireDirectory(dir);
  const started = performance.now();
  const session = await startBackupSession(ctx, options.signal);
  const progress = new ProgressTracker(options.onProgress, options.progressIntervalMs);
  let isFinished = false;
  startTotals(dir, { progress, options, isStopped: () => isFinished });
  const workers = newWorkerPool(ctx.keys, options.workerThreads);
  const chunks = new ChunkWriter({ ...ctx, index: await ctx.indexes.refresh(), workers });
  try {
    const writer = new SnapshotWriter({
      chunks,
      files: new FileReader(ctx.fileFinder),
      treeFinder: ctx.treeFinder,
      listings: new ListingLoader(ctx.fetcher()),
      progress,
      signal: options.signal,
    });
    const root = await writer.writeRoot(dir, options.parentRecord?.root);
    await chunks.commit();
    ctx.indexes.markLoaded(chunks.indexKeys);
    const { newChunks, newBytes, uploadedBytes } = chunks.stats();
    const record: SnapshotRecord = {
      id: newSnapshotId(),
      time: ctx.clock.now().toISOString(),
      source: options.source ?? resolve(dir),
      tags: options.tags ?? {},
      root,
      ...(options.parent === undefined ? {} : { parent: options.parent }),
      stats: {
        ...writer.counters,
        newChunks,
        newBytes,
        uploadedBytes,
        durationMs: Math.round(performance.now() - started),
      },
      warnings: writer.warnings,
    };
    const plain = Buffer.from(JSON.stringify(record));
    const seal = { key: ctx.keys.encryption, aad: snapshotAad };
    await putSealed(ctx.store, ctx.layout.key("snapshots", record.id), seal, plain);
    return record;
  } catch (error) {
    await chunks.abandon();
    if (options.signal?.aborted === true)
      throw new OperationAbortedError("backup", { cause: error });
    throw error;
  } finally {
    isFinished = true;
    progress.stop();
    await workers?.close();
    await session.end();
  }
}
