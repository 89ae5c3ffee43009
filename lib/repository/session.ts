// Session markers and the maintenance lock: a backup announces itself before it writes, and
// maintenance refuses to delete anything while a live backup is announced (and the other way
// round), so no pack a running backup depends on is ever removed.
import { randomBytes } from "node:crypto";
import type { Clock } from "../clock.js";
import { listAll, ObjectNotFoundError, readObject, type ObjectStore } from "../storage/index.js";
import { RepositoryBusyError } from "./errors.js";
import type { RepositoryLayout } from "./layout.js";

/** What a session marker or the maintenance lock holds. */
interface Marker {
  readonly id: string;
  readonly startedAt: string;
  readonly heartbeatAt: string;
}

/** Timing of markers; a marker whose heartbeat is older than `staleAfterMs` is ignored. */
export interface SessionTiming {
  readonly heartbeatMs: number;
  readonly staleAfterMs: number;
  /** How long a backup waits for a running maintenance before `RepositoryBusyError`. */
  readonly waitForMaintenanceMs: number;
}

/** Defaults: heartbeat every minute, stale after 10 minutes, wait up to 30 minutes. */
export const defaultSessionTiming: SessionTiming = {
  heartbeatMs: 60_000,
  staleAfterMs: 10 * 60_000,
  waitForMaintenanceMs: 30 * 60_000,
};

/** Options of the marker functions. */
export interface MarkerContext {
  readonly store: ObjectStore;
  readonly layout: RepositoryLayout;
  readonly clock: Clock;
  readonly timing: SessionTiming;
}

/** A live marker; `end` stops its heartbeat and deletes it. */
export interface LiveMarker {
  readonly key: string;
  end(): Promise<void>;
}

async function writeMarker(ctx: MarkerContext, key: string, marker: Marker): Promise<void> {
  const heartbeatAt = ctx.clock.now().toISOString();
  await ctx.store.put(key, JSON.stringify({ ...marker, heartbeatAt }));
}

async function startMarker(ctx: MarkerContext, key: string): Promise<LiveMarker> {
  const now = ctx.clock.now().toISOString();
  const marker: Marker = { id: randomBytes(8).toString("hex"), startedAt: now, heartbeatAt: now };
  await writeMarker(ctx, key, marker);
  const timer = setInterval(() => {
    writeMarker(ctx, key, marker).catch(() => undefined);
  }, ctx.timing.heartbeatMs);
  timer.unref();
  return {
    key,
    end: async () => {
      clearInterval(timer);
      await ctx.store.delete(key);
    },
  };
}

async function isLive(ctx: MarkerContext, key: string): Promise<boolean> {
  let text: string;
  try {
    text = (await readObject(ctx.store, key)).toString("utf8");
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return false;
    throw error;
  }
  const heartbeat = Date.parse((JSON.parse(text) as Partial<Marker>).heartbeatAt ?? "");
  return !(ctx.clock.now().getTime() - heartbeat > ctx.timing.staleAfterMs);
}

/**
 * Announces a backup session, then waits while a live maintenance lock exists (polling every
 * few seconds, up to `waitForMaintenanceMs`, then `RepositoryBusyError`).
 */
export async function startBackupSession(
  ctx: MarkerContext,
  signal?: AbortSignal,
): Promise<LiveMarker> {
  const session = await startMarker(
    ctx,
    ctx.layout.key("sessions", randomBytes(16).toString("hex")),
  );
  const deadline = ctx.clock.now().getTime() + ctx.timing.waitForMaintenanceMs;
  try {
    while (await isLive(ctx, ctx.layout.maintenanceLockKey())) {
      if (ctx.clock.now().getTime() >= deadline) {
        throw new RepositoryBusyError("repository maintenance is running; try the backup later");
      }
      await ctx.clock.sleep(2000, signal);
    }
  } catch (error) {
    await session.end();
    throw error;
  }
  return session;
}

/** Keys of live and of stale session markers. */
export async function listSessions(
  ctx: MarkerContext,
): Promise<{ live: string[]; stale: string[] }> {
  const live: string[] = [];
  const stale: string[] = [];
  for (const { key } of await listAll(ctx.store, ctx.layout.folder("sessions"))) {
    if (await isLive(ctx, key)) live.push(key);
    else stale.push(key);
  }
  return { live, stale };
}

/**
 * Takes the maintenance lock unless another live maintenance holds it or a live backup session
 * exists (checked after the lock is written, so a backup starting at the same moment is seen
 * by one side or the other). Returns undefined when maintenance must not run now.
 */
export async function acquireMaintenanceLock(ctx: MarkerContext): Promise<LiveMarker | undefined> {
  if (await isLive(ctx, ctx.layout.maintenanceLockKey())) return undefined;
  const lock = await startMarker(ctx, ctx.layout.maintenanceLockKey());
  const { live } = await listSessions(ctx);
  if (live.length > 0) {
    await lock.end();
    return undefined;
  }
  return lock;
}
