// Backup sync controller: syncs each Available location into the cluster every
// backupSyncPeriod, and at once when the location carries a sync request annotation.
import {
  formatTime,
  type Backup,
  type BackupStorageLocation,
  type PodVolumeBackup,
  type Schedule,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import { isNotFound, type VeleroResourceClient } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import { syncDueInMs, syncPeriodMs, type LocationOpener } from "../locations/index.js";
import { acknowledgeSyncPatch, syncBackupsFromStore, syncRequestOf } from "../sync/index.js";
import { kindController } from "./kind-controller.js";

/** What the reconcile needs (an AgentContext has all of it). */
export interface SyncControllerDeps {
  readonly velero: {
    readonly namespace: string;
    readonly backups: VeleroResourceClient<Backup>;
    readonly schedules: VeleroResourceClient<Schedule>;
    readonly podVolumeBackups: VeleroResourceClient<PodVolumeBackup>;
    readonly backupStorageLocations: VeleroResourceClient<BackupStorageLocation>;
  };
  readonly locations: LocationOpener;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: { readonly backupSyncPeriodMs: number };
}

/** Locations are looked at at least this often (Velero's 1-minute enqueue). */
const checkEveryMs = 60_000;

/** A requested sync that failed (bucket unreachable, ...) is tried again this soon. */
const retryRequestMs = 5_000;

/** Reconciles one location by name: syncs it when due or asked to; see the file comment. */
export async function reconcileBackupSync(
  deps: SyncControllerDeps,
  name: string,
): Promise<ReconcileResult | undefined> {
  const location = await getLocation(deps, name);
  if (location === undefined) return undefined;
  const defaultPeriod = deps.config.backupSyncPeriodMs;
  const request = syncRequestOf(location);
  const dueIn = syncDueInMs(location, defaultPeriod, deps.clock.now());
  if (request === undefined && dueIn !== 0) return { requeueAfterMs: capped(dueIn) };
  if (location.status?.phase !== "Available") {
    deps.logger.debug("backup storage location is not Available, not syncing it", {
      backupStorageLocation: name,
    });
    return { requeueAfterMs: checkEveryMs };
  }
  const period = syncPeriodMs(location, defaultPeriod);
  const next = capped(period === 0 ? undefined : period);
  if (!(await syncLocation(deps, location))) {
    return { requeueAfterMs: request === undefined ? next : retryRequestMs };
  }
  const acknowledged = await recordSync(deps, location, request);
  return { requeueAfterMs: acknowledged ? next : 1 };
}

async function getLocation(
  deps: SyncControllerDeps,
  name: string,
): Promise<BackupStorageLocation | undefined> {
  try {
    return await deps.velero.backupStorageLocations.get(name);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function capped(ms: number | undefined): number {
  return ms === undefined ? checkEveryMs : Math.max(1, Math.min(ms, checkEveryMs));
}

/** Syncs the location; false when its bucket or the cluster could not be listed. */
async function syncLocation(
  deps: SyncControllerDeps,
  location: BackupStorageLocation,
): Promise<boolean> {
  const name = location.metadata.name ?? "";
  const log = deps.logger.child({ controller: "backup-sync", backupStorageLocation: name });
  try {
    const opened = await deps.locations.open(location);
    const result = await syncBackupsFromStore({ ...deps, logger: log }, opened.store, name);
    if (result.created.length + result.orphansDeleted.length + result.failed.length > 0) {
      log.info("synced backups from the location", { ...result });
    }
    return true;
  } catch (error) {
    log.warn("could not sync backups from the location", { error: errorMessage(error) });
    return false;
  }
}

/**
 * Records `status.lastSyncedTime` and, for a request, removes its annotation in the same
 * write. False when the request changed during the sync (then only the time is recorded and
 * the location is synced again for the new request).
 */
async function recordSync(
  deps: SyncControllerDeps,
  location: BackupStorageLocation,
  request: string | undefined,
): Promise<boolean> {
  const name = location.metadata.name ?? "";
  const now = deps.clock.now();
  const client = deps.velero.backupStorageLocations;
  if (request !== undefined) {
    try {
      await client.resources.patch(name, acknowledgeSyncPatch(request, now), {
        namespace: deps.velero.namespace,
        type: "json",
      });
      return true;
    } catch (error) {
      if (isNotFound(error)) return true;
      deps.logger.debug("sync request changed during the sync", { backupStorageLocation: name });
    }
  }
  await client.patchStatus(name, { lastSyncedTime: formatTime(now) });
  return request === undefined;
}

/** The `backup-sync` controller. */
export function backupSyncController(ctx: AgentContext): AgentController {
  return kindController<BackupStorageLocation>(ctx, {
    name: "backup-sync",
    kind: "BackupStorageLocation",
    resyncMs: checkEveryMs,
    reconciler: () => ({ reconcile: (name) => reconcileBackupSync(ctx, name) }),
  });
}
