// A rate-limited work queue of object keys, as client-go's: a key waits in the queue at most
// once, is handed to one worker at a time, and failed keys come back with growing delays.
import { systemClock, type Clock } from "../clock.js";

/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions {
  readonly clock?: Clock;
  /** First retry delay after a failure; doubles per consecutive failure. Default 50 ms. */
  readonly baseDelayMs?: number;
  /** Cap of the retry delay. Default 60 s. */
  readonly maxDelayMs?: number;
}

/**
 * Contract:
 * - `add(k)` while `k` is queued is a no-op; while `k` is being processed it is queued again
 *   once `done(k)` is called, so the newest state is always reconciled after the change.
 * - `get()` hands out each key to one caller at a time, in FIFO order.
 * - `addRateLimited(k)` re-adds after `base * 2^failures` (capped); `forget(k)` resets it.
 * - After `shutDown()`, `get()` resolves `undefined` and adds are ignored.
 */
export class WorkQueue {
  private readonly clock: Clock;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly scheduled = new Map<string, number>();
  private waiters: ((key: string | undefined) => void)[] = [];
  private stopped = false;
  private readonly timers = new AbortController();

  constructor(options: WorkQueueOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
  }

  /** Number of keys waiting (not counting keys being processed). */
  get length(): number {
    return this.queue.length;
  }

  add(key: string): void {
    if (this.stopped || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const waiter = this.waiters.shift();
    if (waiter === undefined) {
      this.queue.push(key);
      return;
    }
    this.dirty.delete(key);
    this.processing.add(key);
    waiter(key);
  }

  /** Adds `key` after `delayMs`; an earlier pending schedule for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const due = this.clock.now().getTime() + delayMs;
    const pending = this.scheduled.get(key);
    if (pending !== undefined && pending <= due) return;
    this.scheduled.set(key, due);
    this.clock.sleep(delayMs, this.timers.signal).then(
      () => {
        if (this.scheduled.get(key) !== due) return;
        this.scheduled.delete(key);
        this.add(key);
      },
      () => undefined,
    );
  }

  /** Adds `key` after its backoff delay and counts one more failure. */
  addRateLimited(key: string): void {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    this.addAfter(key, Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** failures));
  }

  /** Forgets the key's failures (call after a successful reconcile). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Consecutive failures recorded for `key`. */
  failureCount(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** The next key to process, or undefined once the queue is shut down. */
  get(): Promise<string | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    const key = this.queue.shift();
    if (key !== undefined) {
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks `key` as processed; re-queues it when it was added meanwhile. */
  done(key: string): void {
    this.processing.delete(key);
    if (!this.dirty.has(key)) return;
    this.dirty.delete(key);
    this.add(key);
  }

  /** Stops handing out keys; pending `get()` calls resolve undefined. */
  shutDown(): void {
    this.stopped = true;
    this.timers.abort();
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter(undefined);
  }
}
