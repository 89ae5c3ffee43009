// What the operations of one open repository share, and the snapshot-record reads they all use.
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { listAll, ObjectNotFoundError, type ObjectStore } from "../storage/index.js";
import { ChunkFetcher } from "./chunk-fetcher.js";
import type { CutFinder } from "./chunker.js";
import type { RepositoryKeys } from "./crypto.js";
import { CorruptBlobError, SnapshotNotFoundError } from "./errors.js";
import type { FormatRecord } from "./format.js";
import type { IndexLoader } from "./index-loader.js";
import type { RepositoryLayout } from "./layout.js";
import type { PackReader } from "./pack-reader.js";
import { getSealed } from "./sealed-blobs.js";
import type { SessionTiming } from "./session.js";
import { decodeSnapshotRecord, snapshotAad, type SnapshotRecord } from "./snapshot.js";
import { walkTree } from "./tree-walk.js";

/** Shared state of an open repository. */
export interface RepositoryContext {
  readonly store: ObjectStore;
  readonly layout: RepositoryLayout;
  readonly format: FormatRecord;
  readonly keys: RepositoryKeys;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timing: SessionTiming;
  readonly packSize: number;
  readonly indexes: IndexLoader;
  readonly packs: PackReader;
  readonly fileFinder: CutFinder;
  readonly treeFinder: CutFinder;
  /** A fetcher over the current index. */
  readonly fetcher: () => ChunkFetcher;
}

/** Reads one snapshot record; `SnapshotNotFoundError` when missing. */
export async function readSnapshot(ctx: RepositoryContext, id: string): Promise<SnapshotRecord> {
  const key = ctx.layout.key("snapshots", id);
  let plain: Buffer | undefined;
  try {
    plain = await getSealed(ctx.store, key, { key: ctx.keys.encryption, aad: snapshotAad });
  } catch (error) {
    if (error instanceof ObjectNotFoundError) throw new SnapshotNotFoundError(id);
    throw error;
  }
  try {
    return decodeSnapshotRecord((plain as Buffer).toString("utf8"));
  } catch (error) {
    throw new CorruptBlobError(key, error instanceof Error ? error.message : String(error));
  }
}

/** Every snapshot record, oldest first. */
export async function readAllSnapshots(ctx: RepositoryContext): Promise<SnapshotRecord[]> {
  const records: SnapshotRecord[] = [];
  for (const { key } of await listAll(ctx.store, ctx.layout.folder("snapshots"))) {
    records.push(await readSnapshot(ctx, ctx.layout.idOf("snapshots", key)));
  }
  return records.sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
}

/** Hex ids of every chunk some snapshot uses, and how many snapshots there are. */
export async function findUsedChunks(
  ctx: RepositoryContext,
): Promise<{ used: Set<string>; snapshots: number }> {
  const used = new Set<string>();
  const seenListings = new Set<string>();
  const fetcher = new ChunkFetcher(ctx.indexes.index, ctx.packs);
  const snapshots = await readAllSnapshots(ctx);
  for (const record of snapshots) {
    await walkTree(record.root, (hex) => fetcher.fetch(hex), {
      onFileChunk: (hex) => used.add(hex),
      onListing: (chunks) => {
        const key = chunks.join(",");
        if (seenListings.has(key)) return false;
        seenListings.add(key);
        for (const hex of chunks) used.add(hex);
        return true;
      },
    });
  }
  return { used, snapshots: snapshots.length };
}
