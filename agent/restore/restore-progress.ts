// Publishes a running restore's status.progress at a steady pace (Velero: every second while it
// changes), from counters the restore keeps.
import type { RestoreProgress } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/log.js";

/** Options of {@link RestoreProgressReporter}. */
export interface RestoreProgressOptions {
  readonly clock: Clock;
  /** The current progress. */
  readonly snapshot: () => Required<RestoreProgress>;
  /** Writes it (a merge patch of status.progress). */
  readonly publish: (progress: Required<RestoreProgress>) => Promise<void>;
  readonly intervalMs?: number;
  readonly log: Logger;
}

/**
 * Publishes every `intervalMs` (default 1 s) when the progress changed; a failed publish is
 * logged (Velero's wording) and retried at the next tick. Never two publishes at once.
 */
export class RestoreProgressReporter {
  readonly #options: RestoreProgressOptions;
  readonly #stop = new AbortController();
  #loop: Promise<void> | undefined;
  #last = "";

  constructor(options: RestoreProgressOptions) {
    this.#options = options;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Stops the ticks and waits for a publish in flight. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      await this.#options.clock
        .sleep(this.#options.intervalMs ?? 1000, signal)
        .catch(() => undefined);
      if (!this.#stopped()) await this.#publishIfChanged();
    }
  }

  #stopped(): boolean {
    return this.#stop.signal.aborted;
  }

  async #publishIfChanged(): Promise<void> {
    const progress = this.#options.snapshot();
    const key = `${String(progress.totalItems)}/${String(progress.itemsRestored)}`;
    if (key === this.#last) return;
    try {
      await this.#options.publish(progress);
      this.#last = key;
    } catch (error) {
      this.#options.log.warn("Got error trying to update restore's status.progress", {
        error: errorMessage(error),
      });
    }
  }
}
