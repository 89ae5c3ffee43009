// Garbage collection controller (Velero's gc controller): on every Backup change and every
// garbageCollectionFrequency, an expired backup gets a DeleteBackupRequest, unless one is
// pending or its location cannot take it (then `velero.io/gc-failure` says why).
import {
  buildDeleteBackupRequest,
  GC_FAILURE_LABEL,
  type Backup,
  type BackupStorageLocation,
  type DeleteBackupRequest,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { getOrUndefined, isNotFound, type VeleroResourceClient } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import {
  decideGarbageCollection,
  deletionRequestSelector,
  gcFailureOf,
  isPendingDeletion,
  type GcFailure,
  type LocationLookup,
} from "../deletion/index.js";
import { kindController } from "./kind-controller.js";

/** What the reconcile needs (an AgentContext has all of it). */
export interface GcControllerDeps {
  readonly velero: {
    readonly namespace: string;
    readonly backups: VeleroResourceClient<Backup>;
    readonly backupStorageLocations: VeleroResourceClient<BackupStorageLocation>;
    readonly deleteBackupRequests: VeleroResourceClient<DeleteBackupRequest>;
  };
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: { readonly garbageCollectionFrequencyMs: number };
}

/**
 * Looks at one Backup by name: not expired ⇒ look again at its expiration (or the next
 * collection, whichever is first); expired ⇒ Velero's rules (see `decideGarbageCollection`).
 */
export async function reconcileGarbageCollection(
  deps: GcControllerDeps,
  name: string,
): Promise<ReconcileResult | undefined> {
  const backup = await getOrUndefined(() => deps.velero.backups.get(name));
  if (backup === undefined) return undefined;
  const frequency = Math.max(deps.config.garbageCollectionFrequencyMs, 1);
  const location = await lookupLocation(deps, backup.spec.storageLocation ?? "");
  const decision = decideGarbageCollection(backup, location, deps.clock.now());
  const log = deps.logger.child({ controller: "gc", backup: name });
  switch (decision.action) {
    case "keep":
      return decision.expiresInMs === undefined
        ? undefined
        : { requeueAfterMs: Math.max(1, Math.min(decision.expiresInMs, frequency)) };
    case "markFailure":
      log.info("expired backup cannot be garbage-collected", { reason: decision.failure });
      await setGcFailure(deps, backup, decision.failure);
      return undefined;
    case "retryLater":
      log.info("expired backup cannot be garbage-collected now", { reason: decision.reason });
      return { requeueAfterMs: frequency };
    case "requestDeletion":
      await setGcFailure(deps, backup, undefined);
      await requestDeletion(deps, backup, log);
      return undefined;
  }
}

async function lookupLocation(deps: GcControllerDeps, name: string): Promise<LocationLookup> {
  try {
    return { found: await deps.velero.backupStorageLocations.get(name) };
  } catch (error) {
    return isNotFound(error) || name === "" ? { missing: true } : { error };
  }
}

async function setGcFailure(
  deps: GcControllerDeps,
  backup: Backup,
  failure: GcFailure | undefined,
): Promise<void> {
  if (gcFailureOf(backup) === failure) return;
  await deps.velero.backups.patch(backup.metadata.name ?? "", {
    metadata: { labels: { [GC_FAILURE_LABEL]: failure ?? null } },
  });
}

async function requestDeletion(deps: GcControllerDeps, backup: Backup, log: Logger): Promise<void> {
  const name = backup.metadata.name ?? "";
  const selector = deletionRequestSelector(name, backup.metadata.uid ?? "");
  const requests = await deps.velero.deleteBackupRequests.list(selector);
  if (requests.some(isPendingDeletion)) {
    log.debug("backup already has a pending deletion request");
    return;
  }
  log.info("backup has expired, requesting its deletion");
  await deps.velero.deleteBackupRequests.create(
    buildDeleteBackupRequest(backup, deps.velero.namespace),
  );
}

/** The `gc` controller. */
export function gcController(ctx: AgentContext): AgentController {
  return kindController<Backup>(ctx, {
    name: "gc",
    kind: "Backup",
    resyncMs: Math.max(ctx.config.garbageCollectionFrequencyMs, 1_000),
    reconciler: () => ({ reconcile: (name) => reconcileGarbageCollection(ctx, name) }),
  });
}
