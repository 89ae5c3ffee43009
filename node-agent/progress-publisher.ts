// Publishes an operation's progress to its object's status: every report is sent, one patch at
// a time; reports that arrive while a patch is in flight collapse into the newest.
import { errorMessage } from "../lib/errors.js";
import type { Logger } from "../lib/log.js";

/** Sends `status.progress` patches for one operation. */
export class ProgressPublisher<P> {
  readonly #patch: (progress: P) => Promise<unknown>;
  readonly #logger: Logger;
  #pending: P | undefined;
  #inFlight: Promise<void> | undefined;

  constructor(patch: (progress: P) => Promise<unknown>, logger: Logger) {
    this.#patch = patch;
    this.#logger = logger;
  }

  /** Queues `progress`; it is patched at once unless a patch is in flight. */
  update(progress: P): void {
    this.#pending = progress;
    if (this.#inFlight === undefined) this.#inFlight = this.#drain();
  }

  /** Resolves once every queued report has been patched (or failed, which is logged). */
  async flush(): Promise<void> {
    await this.#inFlight;
  }

  async #drain(): Promise<void> {
    while (this.#pending !== undefined) {
      const next = this.#pending;
      this.#pending = undefined;
      try {
        await this.#patch(next);
      } catch (error) {
        this.#logger.warn("failed to update progress", { error: errorMessage(error) });
      }
    }
    this.#inFlight = undefined;
  }
}
