// The shape most agent controllers share: watch one velero.io kind in the agent's namespace,
// queue each changed object's name, reconcile it, and resync everything periodically.
import type { ObjectLike } from "../../lib/kube/index.js";
import { Controller, veleroKindInformer, type Reconciler } from "../../lib/reconcile/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";

/** Options of {@link kindController}. */
export interface KindControllerOptions<T extends ObjectLike> {
  readonly name: string;
  readonly kind: string;
  /** Builds the reconciler; `cache` reads the informer's current view of the kind. */
  readonly reconciler: (cache: KindCache<T>) => Reconciler;
  readonly workers?: number;
  /** Enqueue every cached object this often (Velero's periodic enqueue). */
  readonly resyncMs?: number;
  /** Only queue objects for which this is true (e.g. phase New). */
  readonly filter?: (object: T) => boolean;
}

/** Read access to the informer's cache of one kind. */
export interface KindCache<T> {
  get(name: string): T | undefined;
  list(): T[];
}

/** A controller for one velero.io kind; keys are object names (all in one namespace). */
export function kindController<T extends ObjectLike>(
  ctx: AgentContext,
  options: KindControllerOptions<T>,
): AgentController {
  const namespace = ctx.config.namespace;
  const informer = veleroKindInformer<T>(ctx, options.kind, namespace);
  const cache: KindCache<T> = {
    get: (name) => informer.get(name, namespace),
    list: () => informer.list(namespace),
  };
  const controller = new Controller({
    name: options.name,
    reconciler: options.reconciler(cache),
    workers: options.workers ?? 1,
    logger: ctx.logger,
    clock: ctx.clock,
  });
  const enqueue = (object: T): void => {
    const name = object.metadata?.name;
    if (name !== undefined && (options.filter?.(object) ?? true)) controller.enqueue(name);
  };
  informer.onChange((type, object) => {
    if (type !== "delete") enqueue(object);
  });
  return {
    name: options.name,
    run: async (signal) => {
      await informer.start(signal);
      const resync = options.resyncMs === undefined ? undefined : startResync(options.resyncMs);
      await controller.run(signal);
      if (resync !== undefined) clearInterval(resync);
    },
  };

  function startResync(every: number): NodeJS.Timeout {
    return setInterval(() => {
      for (const object of cache.list()) enqueue(object);
    }, every);
  }
}
