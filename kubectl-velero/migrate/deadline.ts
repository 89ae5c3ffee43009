// The `--timeout` of a migration: one deadline shared by every wait, and polling against it.
import type { Clock } from "../../lib/clock.js";
import { MigrationTimeoutError } from "./migrate-errors.js";

/** A point in time every wait of the migration must finish by. */
export class Deadline {
  readonly clock: Clock;
  readonly #at: number;

  constructor(clock: Clock, timeoutMs: number) {
    this.clock = clock;
    this.#at = clock.now().getTime() + timeoutMs;
  }

  /** Milliseconds left (0 once passed). */
  remainingMs(): number {
    return Math.max(0, this.#at - this.clock.now().getTime());
  }

  /** Throws {@link MigrationTimeoutError} about `what` once the deadline has passed. */
  check(what: string): void {
    if (this.remainingMs() === 0) throw new MigrationTimeoutError(what);
  }

  /**
   * Calls `probe` every `intervalMs` until it returns a value; throws
   * {@link MigrationTimeoutError} about `what` when the deadline (or `limitMs`, if shorter)
   * passes first.
   */
  async poll<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    options: { readonly intervalMs?: number; readonly limitMs?: number } = {},
  ): Promise<T> {
    const limit = this.clock.now().getTime() + (options.limitMs ?? Number.POSITIVE_INFINITY);
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      this.check(what);
      if (this.clock.now().getTime() >= limit) throw new MigrationTimeoutError(what);
      await this.clock.sleep(Math.min(options.intervalMs ?? 500, Math.max(1, this.remainingMs())));
    }
  }
}
