// The restore controller (Velero's restore controller with its finalizer handling): New restores
// are validated and run one at a time; deleted Restores have their bucket files removed by a
// separate queue so that a running restore does not hold deletions back.
import type { Restore } from "../../lib/api/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import {
  builtInRestoreItemActions,
  type RestoreItemActionFactory,
} from "../restore-actions/index.js";
import {
  isDeletedRestore,
  isNewRestore,
  noPodVolumeRestores,
  RestoreLifecycle,
  type PodVolumeRestorerFactory,
} from "../restore/index.js";
import type { Reconciler } from "../../lib/reconcile/index.js";
import { kindController, type KindCache } from "./kind-controller.js";

/** Velero re-enqueues restores periodically; ours every minute. */
const resyncMs = 60_000;

/** Options of {@link createRestoreController}. */
export interface RestoreControllerOptions {
  /** Restore item actions (default: Velero's built-in ones). */
  readonly actions?: readonly RestoreItemActionFactory[];
  /** File-system restore of pod volumes (default: none). */
  readonly podVolumes?: PodVolumeRestorerFactory;
  /** Items restored at once (default 16). */
  readonly concurrency?: number;
  /** How often a running restore patches status.progress (default 1 s). */
  readonly progressIntervalMs?: number;
  /** Poll interval of the restore's waits (default 1 s). */
  readonly pollMs?: number;
}

/** The `restore` controller with the given engine options. */
export function createRestoreController(
  ctx: AgentContext,
  options: RestoreControllerOptions = {},
): AgentController {
  const lifecycle = new RestoreLifecycle({
    ctx,
    actionFactories: options.actions ?? builtInRestoreItemActions,
    podVolumes: options.podVolumes ?? noPodVolumeRestores,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.progressIntervalMs === undefined
      ? {}
      : { progressIntervalMs: options.progressIntervalMs }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  const reconciler = (cache: KindCache<Restore>): Reconciler => ({
    reconcile: async (name, signal) => {
      ctx.metrics.restoreTotal.set(cache.list().length);
      await lifecycle.reconcile(name, signal);
      return undefined;
    },
  });
  const restores = kindController<Restore>(ctx, {
    name: "restore",
    kind: "Restore",
    reconciler,
    resyncMs,
    filter: (r) => isNewRestore(r) && r.metadata.deletionTimestamp === undefined,
  });
  const finalizer = kindController<Restore>(ctx, {
    name: "restore-finalizer",
    kind: "Restore",
    reconciler,
    resyncMs,
    filter: isDeletedRestore,
  });
  return {
    name: "restore",
    run: async (signal) => {
      await lifecycle.failInterrupted();
      await Promise.all([restores.run(signal), finalizer.run(signal)]);
    },
  };
}

/** The `restore` controller with Velero's built-in actions and no pod volume restores. */
export function restoreController(ctx: AgentContext): AgentController {
  return createRestoreController(ctx);
}
