// Integrity check: reads every pack (or a sample) and verifies each chunk, every index blob,
// and that every snapshot's chunks are indexed in intact packs. Damage is reported by name.
import { listAll } from "../storage/index.js";
import { ChunkFetcher } from "./chunk-fetcher.js";
import { ChunkIndex } from "./chunk-index.js";
import { decodeIndexBlob, indexAad } from "./index-blob.js";
import type { PackEntry } from "./pack-format.js";
import { readAllSnapshots, type RepositoryContext } from "./repository-context.js";
import { getSealed } from "./sealed-blobs.js";
import { walkTree } from "./tree-walk.js";

/** Options of `Repository.check`. */
export interface CheckOptions {
  /** Share of packs whose data is read and verified, 0..1; default 1 (all). */
  readonly readDataFraction?: number;
}

/** A damaged object and what is wrong with it. */
export interface Damage {
  readonly key: string;
  readonly reason: string;
}

/** What `check` found; `ok` is true when nothing is damaged. */
export interface CheckResult {
  readonly ok: boolean;
  readonly packsChecked: number;
  readonly chunksVerified: number;
  readonly damagedPacks: readonly Damage[];
  readonly missingPacks: readonly string[];
  readonly damagedIndexes: readonly Damage[];
  /** Snapshots that cannot be fully restored, keyed by snapshot id. */
  readonly damagedSnapshots: readonly Damage[];
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function loadIndexes(ctx: RepositoryContext, damaged: Damage[]): Promise<ChunkIndex> {
  const index = new ChunkIndex();
  for (const { key } of await listAll(ctx.store, ctx.layout.folder("indexes"))) {
    try {
      const plain = await getSealed(ctx.store, key, { key: ctx.keys.encryption, aad: indexAad });
      decodeIndexBlob(plain as Buffer, index);
    } catch (error) {
      damaged.push({ key, reason: reasonOf(error) });
    }
  }
  return index;
}

async function checkPack(ctx: RepositoryContext, packId: string): Promise<number> {
  const body = await ctx.packs.readPack(packId);
  const entries: PackEntry[] = ctx.packs.listEntries(packId, body);
  for (const entry of entries) {
    const stored = body.subarray(entry.offset, entry.offset + entry.length);
    ctx.packs.decode(entry.id, { ...entry, packId }, stored);
  }
  return entries.length;
}

/** Runs the check; see `Repository.check`. */
export async function runCheck(
  ctx: RepositoryContext,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const damagedIndexes: Damage[] = [];
  const index = await loadIndexes(ctx, damagedIndexes);
  const listed = new Set(
    (await listAll(ctx.store, ctx.layout.folder("packs"))).map((i) =>
      ctx.layout.idOf("packs", i.key),
    ),
  );
  const missingPacks = index.packs().filter((id) => !listed.has(id));
  const damagedPacks: Damage[] = [];
  const fraction = options.readDataFraction ?? 1;
  let packsChecked = 0;
  let chunksVerified = 0;
  for (const packId of listed) {
    if (fraction < 1 && Math.random() >= fraction) continue;
    packsChecked++;
    try {
      chunksVerified += await checkPack(ctx, packId);
    } catch (error) {
      damagedPacks.push({ key: ctx.packs.packKey(packId), reason: reasonOf(error) });
    }
  }
  const bad = new Set([
    ...missingPacks,
    ...damagedPacks.map((d) => ctx.layout.idOf("packs", d.key)),
  ]);
  const damagedSnapshots = await checkSnapshots(ctx, index, bad);
  const isOk =
    damagedPacks.length + missingPacks.length + damagedIndexes.length + damagedSnapshots.length ===
    0;
  return {
    ok: isOk,
    packsChecked,
    chunksVerified,
    damagedPacks,
    missingPacks: missingPacks.map((id) => ctx.packs.packKey(id)),
    damagedIndexes,
    damagedSnapshots,
  };
}

async function checkSnapshots(
  ctx: RepositoryContext,
  index: ChunkIndex,
  badPacks: Set<string>,
): Promise<Damage[]> {
  const fetcher = new ChunkFetcher(index, ctx.packs);
  const damaged: Damage[] = [];
  const checkChunk = (hex: string): void => {
    const { location } = fetcher.locate(hex);
    if (badPacks.has(location.packId)) {
      throw new Error(`uses damaged pack "${ctx.packs.packKey(location.packId)}"`);
    }
  };
  for (const record of await readAllSnapshots(ctx)) {
    try {
      await walkTree(record.root, (hex) => fetcher.fetch(hex), {
        onFileChunk: checkChunk,
        onListing: (chunks) => {
          chunks.forEach(checkChunk);
          return true;
        },
      });
    } catch (error) {
      damaged.push({ key: record.id, reason: reasonOf(error) });
    }
  }
  return damaged;
}
