// The watch loop the node-agent's controllers share: an informer on one velero.io kind in the
// Velero namespace feeding a Controller, a periodic re-enqueue, and the running operations
// stopped after the workers on shutdown.
import type { ObjectLike } from "../../lib/kube/index.js";
import { Controller, veleroKindInformer, type ReconcileResult } from "../../lib/reconcile/index.js";
import type { NodeAgentContext, NodeAgentController } from "../node-agent-context.js";
import type { RunningOperations } from "../running-operations.js";

/** Options of {@link veleroKindWatch}. */
export interface VeleroKindWatchOptions<T extends ObjectLike> {
  readonly name: string;
  readonly kind: string;
  readonly operations: RunningOperations;
  readonly reconcile: (name: string) => Promise<ReconcileResult | undefined>;
  /** Whether a changed (not deleted) object needs a reconcile. */
  readonly isInteresting: (object: T) => boolean;
  /** Every object is re-enqueued this often (default 30 s). */
  readonly resyncMs?: number;
}

/** A controller over one velero.io kind; keys are object names. */
export function veleroKindWatch<T extends ObjectLike>(
  ctx: NodeAgentContext,
  options: VeleroKindWatchOptions<T>,
): NodeAgentController {
  const namespace = ctx.config.namespace;
  const informer = veleroKindInformer<T>(ctx, options.kind, namespace);
  const controller = new Controller({
    name: options.name,
    workers: 2,
    logger: ctx.logger,
    clock: ctx.clock,
    reconciler: { reconcile: (name) => options.reconcile(name) },
  });
  informer.onChange((type, object) => {
    const name = object.metadata?.name;
    if (name === undefined) return;
    if (type === "delete" || options.isInteresting(object)) controller.enqueue(name);
  });
  return {
    name: options.name,
    run: async (signal) => {
      await informer.start(signal);
      const resync = setInterval(() => {
        for (const object of informer.list(namespace)) {
          const name = object.metadata?.name;
          if (name !== undefined && options.isInteresting(object)) controller.enqueue(name);
        }
      }, options.resyncMs ?? 30_000);
      try {
        await controller.run(signal);
      } finally {
        clearInterval(resync);
        await options.operations.stopAll("the node-agent is shutting down");
      }
    },
  };
}
