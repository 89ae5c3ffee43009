// Polls a condition until it holds or a deadline passes: how tests wait for a cluster or an agent
// without fixed sleeps.
import { setTimeout as sleep } from "node:timers/promises";

/** How long {@link eventually} polls, and how often. */
export interface EventuallyOptions {
  /** Give up after this long (default 180 s: generous for a loaded 2-core machine). */
  readonly timeoutMs?: number;
  /** Pause between probes (default 100 ms). */
  readonly intervalMs?: number;
  /** Treat an error thrown by the probe as "not yet" instead of ending the wait. */
  readonly ignoreErrors?: boolean;
}

/**
 * Calls `probe` until it returns something other than `undefined` and returns that value; throws
 * `timed out waiting for <what>` once `timeoutMs` has passed. An error thrown by `probe` ends the
 * wait at once unless `ignoreErrors` is set.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    const value = await (options.ignoreErrors === true ? probeIgnoringErrors(probe) : probe());
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(options.intervalMs ?? 100);
  }
}

async function probeIgnoringErrors<T>(
  probe: () => T | undefined | Promise<T | undefined>,
): Promise<T | undefined> {
  try {
    return await probe();
  } catch {
    return undefined;
  }
}
