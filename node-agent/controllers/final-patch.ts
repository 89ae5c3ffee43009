// Writes an operation's final status with a few retries: a result that never reaches the API
// would later be mistaken for an interrupted operation.
import type { Clock } from "../../lib/clock.js";
import { isNotFound } from "../../lib/kube/index.js";

const delaysMs = [500, 1000, 2000, 4000, 8000];

/**
 * Runs `patch` until it succeeds, at most `attempts` times (default 6) with growing delays;
 * rethrows the last error. A deleted object (404) ends it quietly: there is nothing to record.
 */
export async function patchUntilDone(
  patch: () => Promise<unknown>,
  clock: Clock,
  attempts = delaysMs.length + 1,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await patch();
      return;
    } catch (error) {
      if (isNotFound(error)) return;
      if (attempt >= attempts) throw error;
      await clock.sleep(delaysMs[attempt - 1] ?? 8000);
    }
  }
}
