// Maintenance: drops packs no snapshot references (and optionally rewrites sparse ones), then
// rewrites the indexes, all under the maintenance lock and never while a backup is live.
import { listAll, type ObjectInfo } from "../storage/index.js";
import type { ChunkIndex, ChunkLocation } from "./chunk-index.js";
import { ChunkIndex as FreshIndex } from "./chunk-index.js";
import { ChunkWriter } from "./chunk-writer.js";
import { encodeIndexBlob, indexAad, type PackIndexPart } from "./index-blob.js";
import { newPackId, PackEntryList } from "./pack-format.js";
import { putSealed } from "./sealed-blobs.js";
import { acquireMaintenanceLock, listSessions } from "./session.js";
import { findUsedChunks, type RepositoryContext } from "./repository-context.js";

/** Options of `Repository.maintain`. */
export interface MaintenanceOptions {
  /** Packs written less than this long ago are never deleted; default one hour. */
  readonly gracePeriodMs?: number;
  /** Rewrite packs whose used bytes are below this share of their size; default 0 (never). */
  readonly rewriteBelow?: number;
}

/** What maintenance did; `skipped` says why it did nothing. */
export interface MaintenanceResult {
  readonly skipped?: string;
  readonly snapshots: number;
  readonly packsDeleted: number;
  readonly bytesDeleted: number;
  readonly packsRewritten: number;
  readonly packsKept: number;
  readonly staleSessionsRemoved: number;
}

interface PackUsage {
  used: number;
  usedBytes: number;
}

const skippedResult = {
  snapshots: 0,
  packsDeleted: 0,
  bytesDeleted: 0,
  packsRewritten: 0,
  packsKept: 0,
  staleSessionsRemoved: 0,
};

function packUsage(index: ChunkIndex, used: Set<string>): Map<string, PackUsage> {
  const usage = new Map<string, PackUsage>();
  for (const [id, location] of index.entries()) {
    let u = usage.get(location.packId);
    if (u === undefined) usage.set(location.packId, (u = { used: 0, usedBytes: 0 }));
    if (used.has(id.toString("hex"))) {
      u.used++;
      u.usedBytes += location.length;
    }
  }
  return usage;
}

type PackFate = "keep" | "delete" | "rewrite";

function decideFate(
  pack: ObjectInfo & { id: string },
  usage: PackUsage | undefined,
  policy: { graceStart: number; rewriteBelow: number },
): PackFate {
  if ((pack.lastModified?.getTime() ?? 0) > policy.graceStart) return "keep";
  if (usage === undefined || usage.used === 0) return "delete";
  return usage.usedBytes < pack.size * policy.rewriteBelow ? "rewrite" : "keep";
}

async function rewriteChunks(
  ctx: RepositoryContext,
  index: ChunkIndex,
  plan: { packs: Set<string>; used: Set<string> },
): Promise<ChunkIndex> {
  const rewritten = new FreshIndex();
  if (plan.packs.size === 0) return rewritten;
  const writer = new ChunkWriter({ ...ctx, index: rewritten });
  const fetcher = ctx.fetcher();
  for (const [id, location] of index.entries()) {
    const hex = id.toString("hex");
    if (plan.packs.has(location.packId) && plan.used.has(hex)) {
      await writer.put(await fetcher.fetch(hex));
    }
  }
  await writer.commit();
  return rewritten;
}

async function writeIndex(ctx: RepositoryContext, parts: PackIndexPart[]): Promise<void> {
  for (let at = 0; at < parts.length; at += 50) {
    const plain = encodeIndexBlob(parts.slice(at, at + 50));
    const key = ctx.layout.key("indexes", newPackId());
    await putSealed(ctx.store, key, { key: ctx.keys.encryption, aad: indexAad }, plain);
  }
}

function keptEntries(
  index: ChunkIndex,
  isKept: (location: ChunkLocation) => boolean,
): PackIndexPart[] {
  const byPack = new Map<string, PackEntryList>();
  for (const [id, location] of index.entries()) {
    if (!isKept(location)) continue;
    let list = byPack.get(location.packId);
    if (list === undefined) byPack.set(location.packId, (list = new PackEntryList()));
    list.push(id, location);
  }
  return [...byPack].map(([packId, entries]) => ({ packId, entries }));
}

/** Runs maintenance; see `Repository.maintain`. */
export async function runMaintenance(
  ctx: RepositoryContext,
  options: MaintenanceOptions = {},
): Promise<MaintenanceResult> {
  const lock = await acquireMaintenanceLock(ctx);
  if (lock === undefined)
    return { ...skippedResult, skipped: "a backup or maintenance is running" };
  try {
    return await maintainLocked(ctx, options);
  } finally {
    await lock.end();
  }
}

async function maintainLocked(
  ctx: RepositoryContext,
  options: MaintenanceOptions,
): Promise<MaintenanceResult> {
  const index = await ctx.indexes.refresh();
  const oldIndexes = await listAll(ctx.store, ctx.layout.folder("indexes"));
  const { used, snapshots } = await findUsedChunks(ctx);
  const usage = packUsage(index, used);
  const policy = {
    graceStart: ctx.clock.now().getTime() - (options.gracePeriodMs ?? 3_600_000),
    rewriteBelow: options.rewriteBelow ?? 0,
  };
  const fates = new Map<string, PackFate>();
  const packs = await listAll(ctx.store, ctx.layout.folder("packs"));
  for (const info of packs) {
    const id = ctx.layout.idOf("packs", info.key);
    fates.set(id, decideFate({ ...info, id }, usage.get(id), policy));
  }
  const toRewrite = new Set([...fates].filter(([, f]) => f === "rewrite").map(([id]) => id));
  await rewriteChunks(ctx, index, { packs: toRewrite, used });
  await writeIndex(
    ctx,
    keptEntries(index, (l) => fates.get(l.packId) === "keep"),
  );
  for (const info of oldIndexes) await ctx.store.delete(info.key);
  let bytesDeleted = 0;
  for (const info of packs) {
    if (fates.get(ctx.layout.idOf("packs", info.key)) === "keep") continue;
    await ctx.store.delete(info.key);
    bytesDeleted += info.size;
  }
  const { stale } = await listSessions(ctx);
  for (const key of stale) await ctx.store.delete(key);
  await ctx.indexes.refresh();
  const kept = [...fates.values()].filter((f) => f === "keep").length;
  return {
    snapshots,
    packsDeleted: packs.length - kept,
    bytesDeleted,
    packsRewritten: toRewrite.size,
    packsKept: kept,
    staleSessionsRemoved: stale.length,
  };
}
