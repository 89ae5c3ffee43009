// A keyed work queue in the style of client-go's: a key waits at most once, is never processed
// twice at the same time, is processed again when it changed while in flight, and is retried
// with exponential back-off when processing throws.
import type { Logger } from "../../../lib/log.js";
import { errorMessage } from "../../../lib/errors.js";

/** What processing a key may ask for: another run after a delay. */
export interface ProcessResult {
  readonly requeueAfterMs?: number;
}

/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions {
  readonly process: (key: string) => ProcessResult | undefined | Promise<ProcessResult | undefined>;
  readonly logger: Logger;
  /** How many keys may be processed at once (default 1). */
  readonly concurrency?: number;
  /** First retry delay after a failure (default 100 ms), doubled per failure up to `retryMaxMs`. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

/** See the file comment. Keys added after {@link WorkQueue.stop} are ignored. */
export class WorkQueue {
  private readonly waiting: string[] = [];
  private readonly queued = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly failures = new Map<string, number>();
  private pumpScheduled = false;
  private stopped = false;
  private readonly options: WorkQueueOptions;

  constructor(options: WorkQueueOptions) {
    this.options = options;
  }

  /** Queues `key` for processing soon (batched with other adds of the same tick). */
  add(key: string): void {
    if (this.stopped) return;
    if (this.inFlight.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.waiting.push(key);
    this.schedulePump();
  }

  /** Queues `key` after `ms`; an earlier pending delay for the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = Date.now() + ms;
    const pending = this.timers.get(key);
    if (pending !== undefined && pending.at <= at) return;
    if (pending !== undefined) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    timer.unref();
    this.timers.set(key, { at, timer });
  }

  /** Number of keys waiting or in flight. */
  get size(): number {
    return this.queued.size + this.inFlight.size;
  }

  /** Drops waiting keys and timers, and waits for the keys in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.waiting.length = 0;
    this.queued.clear();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const concurrency = this.options.concurrency ?? 1;
    while (!this.stopped && this.inFlight.size < concurrency && this.waiting.length > 0) {
      const key = this.waiting.shift() ?? "";
      this.queued.delete(key);
      this.inFlight.set(key, this.run(key));
    }
  }

  private async run(key: string): Promise<void> {
    await Promise.resolve();
    try {
      const result = await this.options.process(key);
      this.failures.delete(key);
      if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
    } catch (error) {
      const count = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, count);
      const base = this.options.retryBaseMs ?? 100;
      const delay = Math.min(base * 2 ** (count - 1), this.options.retryMaxMs ?? 10_000);
      this.options.logger.warn("processing failed; retrying", {
        key,
        error: errorMessage(error),
        retryInMs: delay,
      });
      this.addAfter(key, delay);
    } finally {
      this.inFlight.delete(key);
      if (this.dirty.delete(key)) this.add(key);
      this.schedulePump();
    }
  }
}
