// Runs a Reconciler: N workers pull keys from a WorkQueue; failures come back with backoff.
import { systemClock, type Clock } from "../clock.js";
import { errorMessage } from "../errors.js";
import { silentLogger, type Logger } from "../log.js";
import type { Reconciler } from "./reconciler.js";
import { WorkQueue } from "./work-queue.js";

/** Options of {@link Controller}. */
export interface ControllerOptions {
  readonly name: string;
  readonly reconciler: Reconciler;
  /** Concurrent reconciles of different keys. Default 1. */
  readonly workers?: number;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly queue?: WorkQueue;
}

/** A named controller: `enqueue` keys, `run` until the signal aborts. */
export class Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  private readonly reconciler: Reconciler;
  private readonly workers: number;
  private readonly logger: Logger;

  constructor(options: ControllerOptions) {
    this.name = options.name;
    this.reconciler = options.reconciler;
    this.workers = options.workers ?? 1;
    this.logger = (options.logger ?? silentLogger).child({ controller: options.name });
    this.queue = options.queue ?? new WorkQueue({ clock: options.clock ?? systemClock });
  }

  /** Queues `key` for reconciliation (deduplicated). */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  /** Runs the workers until `signal` aborts, then waits for in-flight reconciles to end. */
  async run(signal: AbortSignal): Promise<void> {
    const stop = (): void => {
      this.queue.shutDown();
    };
    if (signal.aborted) stop();
    signal.addEventListener("abort", stop, { once: true });
    const workers = Array.from({ length: this.workers }, () => this.work(signal));
    await Promise.all(workers);
  }

  private async work(signal: AbortSignal): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      await this.process(key, signal);
    }
  }

  private async process(key: string, signal: AbortSignal): Promise<void> {
    try {
      const result = await this.reconciler.reconcile(key, signal);
      this.queue.forget(key);
      const after = result?.requeueAfterMs;
      if (after !== undefined) this.queue.addAfter(key, after);
    } catch (error) {
      if (signal.aborted) return;
      this.logger.warn("reconcile failed; retrying with backoff", {
        key,
        error: errorMessage(error),
        failures: this.queue.failureCount(key) + 1,
      });
      this.queue.addRateLimited(key);
    } finally {
      this.queue.done(key);
    }
  }
}
