// The one place object-store operations are retried: an ObjectStore decorator with exponential
// backoff and jitter that retries only errors marked retryable.
import type { Readable } from "node:stream";
import { systemClock, type Clock } from "../clock.js";
import { errorMessage, isRetryable } from "../errors.js";
import { silentLogger, type Logger } from "../log.js";
import { compareKeys } from "./key-order.js";
import { isStreamBody } from "./object-body.js";
import type { ByteRange, ObjectBody, ObjectInfo, ObjectStore } from "./object-store.js";

/** When to retry and how long to wait. */
export interface RetryPolicy {
  /** Attempts in total, the first included; 1 disables retrying. */
  readonly maxAttempts: number;
  /** Base delay before the second attempt; doubles for each further attempt. */
  readonly initialDelayMs: number;
  /** Cap of one delay before jitter. */
  readonly maxDelayMs: number;
  /** No new attempt starts once this much time has passed since the first one began. */
  readonly maxElapsedMs: number;
}

/** Five attempts over at most about 15 s of waiting (0.5 + 1 + 2 + 4 s, jittered), within 60 s. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxElapsedMs: 60_000,
};

/** Dependencies of {@link RetryingObjectStore}. */
export interface RetryingObjectStoreOptions {
  readonly policy?: Partial<RetryPolicy>;
  /** Sleeps and elapsed time; tests pass a FakeClock. */
  readonly clock?: Clock;
  /** Uniform [0, 1) source for jitter. */
  readonly random?: () => number;
  readonly logger?: Logger;
}

/**
 * Retries the operations of an inner store when they fail with a retryable error
 * (`StorageUnavailableError`); `ObjectNotFoundError`, `BucketNotFoundError`, `StorageAuthError`,
 * `StorageConfigError` and errors of unknown origin are thrown at once.
 *
 * What is retried:
 * - `put` of bytes or a string (replayable) is retried whole. `put` of a stream is attempted
 *   once: the stream has been consumed and cannot be replayed. Providers retry the buffered
 *   parts of a stream upload themselves (`UploadTuning.partAttempts`).
 * - `get` is retried until the object's stream is returned; an error while reading that stream
 *   is not retried (the caller may `get` again with a range from where it stopped).
 * - `list` restarts after a failed page and skips the keys it already yielded (keys come in
 *   ascending order), so every key is still yielded exactly once.
 * - `exists`, `listCommonPrefixes`, `delete` (idempotent) and `signedUrl` are retried whole.
 *
 * Delay before attempt n+1: `min(maxDelayMs, initialDelayMs * 2^(n-1))`, of which a random
 * half is dropped ("equal jitter"), so concurrent clients spread out.
 */
export class RetryingObjectStore implements ObjectStore {
  readonly description: string;
  private readonly inner: ObjectStore;
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: Logger;

  constructor(inner: ObjectStore, options: RetryingObjectStoreOptions = {}) {
    this.inner = inner;
    this.description = inner.description;
    this.policy = { ...defaultRetryPolicy, ...options.policy };
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
  }

  put(key: string, body: ObjectBody): Promise<void> {
    if (isStreamBody(body)) return this.inner.put(key, body);
    return this.retry(`put "${key}"`, () => this.inner.put(key, body));
  }

  get(key: string, range?: ByteRange): Promise<Readable> {
    return this.retry(`get "${key}"`, () => this.inner.get(key, range));
  }

  exists(key: string): Promise<boolean> {
    return this.retry(`exists "${key}"`, () => this.inner.exists(key));
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const progress: { last?: string } = {};
    const started = this.clock.now().getTime();
    for (let attempt = 1; ; attempt++) {
      try {
        yield* this.listAfter(prefix, progress);
        return;
      } catch (error) {
        await this.backOff({ error, attempt, started, action: `list "${prefix}"` });
      }
    }
  }

  /** Lists from the start, skipping keys up to `progress.last` (yielded by a failed attempt). */
  private async *listAfter(prefix: string, progress: { last?: string }): AsyncIterable<ObjectInfo> {
    for await (const info of this.inner.list(prefix)) {
      if (progress.last !== undefined && compareKeys(info.key, progress.last) <= 0) continue;
      progress.last = info.key;
      yield info;
    }
  }

  listCommonPrefixes(prefix: string, delimiter: string): Promise<string[]> {
    return this.retry(`list prefixes of "${prefix}"`, () =>
      this.inner.listCommonPrefixes(prefix, delimiter),
    );
  }

  delete(key: string): Promise<void> {
    return this.retry(`delete "${key}"`, () => this.inner.delete(key));
  }

  signedUrl(key: string, ttlSeconds: number): Promise<string> {
    return this.retry(`sign "${key}"`, () => this.inner.signedUrl(key, ttlSeconds));
  }

  private async retry<T>(action: string, operation: () => Promise<T>): Promise<T> {
    const started = this.clock.now().getTime();
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        await this.backOff({ error, attempt, started, action });
      }
    }
  }

  /** Sleeps before the next attempt, or rethrows `error` when it must not be retried. */
  private async backOff(failure: {
    error: unknown;
    attempt: number;
    started: number;
    action: string;
  }): Promise<void> {
    const { error, attempt, started, action } = failure;
    if (!isRetryable(error) || attempt >= this.policy.maxAttempts) throw error;
    const delay = this.delayBefore(attempt + 1);
    const elapsed = this.clock.now().getTime() - started;
    if (elapsed + delay > this.policy.maxElapsedMs) throw error;
    this.logger.warn("retrying object store operation", {
      store: this.description,
      action,
      attempt,
      delayMs: delay,
      error: errorMessage(error),
    });
    await this.clock.sleep(delay);
  }

  /** The jittered delay before attempt `next` (2 or more). */
  delayBefore(next: number): number {
    const base = Math.min(
      this.policy.maxDelayMs,
      this.policy.initialDelayMs * 2 ** Math.max(0, next - 2),
    );
    return Math.round(base / 2 + (this.random() * base) / 2);
  }
}
