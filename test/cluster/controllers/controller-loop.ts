// The shape every simulated controller shares: cache handlers that enqueue keys, a keyed work
// queue that reconciles them, and a periodic resync that enqueues everything again.
import type { Clock } from "../../../lib/clock.js";
import type { Logger } from "../../../lib/log.js";
import type { ClusterApi } from "../cluster-api.js";
import type { CacheSet } from "./object-cache.js";
import { WorkQueue, type ProcessResult } from "./work-queue.js";

/** What every controller is built from. */
export interface ControllerContext {
  readonly api: ClusterApi;
  readonly caches: CacheSet;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** A started controller. */
export interface RunningController {
  /** Stops reacting to changes and waits for the reconcile in flight. */
  stop(): Promise<void>;
}

/** Options of {@link runControllerLoop}. */
export interface ControllerLoopOptions {
  readonly name: string;
  readonly logger: Logger;
  readonly reconcile: (
    key: string,
  ) => ProcessResult | undefined | Promise<ProcessResult | undefined>;
  /** Subscribes the queue to the changes that concern it; returns the unsubscribers. */
  readonly wire: (queue: WorkQueue) => (() => void)[];
  readonly resync?: { readonly everyMs: number; readonly keys: () => Iterable<string> };
  readonly concurrency?: number;
}

/** Starts a controller: wires its handlers, queues an initial resync, and resyncs periodically. */
export function runControllerLoop(options: ControllerLoopOptions): RunningController {
  const logger = options.logger.child({ controller: options.name });
  const queue = new WorkQueue({
    logger,
    process: options.reconcile,
    concurrency: options.concurrency ?? 1,
  });
  const unsubscribers = options.wire(queue);
  let timer: NodeJS.Timeout | undefined;
  const resync = options.resync;
  if (resync !== undefined) {
    const enqueueAll = (): void => {
      for (const key of resync.keys()) queue.add(key);
    };
    enqueueAll();
    timer = setInterval(enqueueAll, resync.everyMs);
    timer.unref();
  }
  return {
    stop: async () => {
      clearInterval(timer);
      for (const unsubscribe of unsubscribers) unsubscribe();
      await queue.stop();
    },
  };
}
