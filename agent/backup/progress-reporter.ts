// Counts a running backup's progress and publishes it (status.progress) at a steady pace:
// at most once per interval, and only when it changed.
import type { BackupProgress } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/log.js";

/**
 * Progress counters. `totalItems` is an estimate that firms up as lists are read: items backed
 * up, plus items of the current page not yet processed, plus what the server said remains of
 * the current list. At the end it equals `itemsBackedUp`.
 */
export class ProgressCounter {
  itemsBackedUp = 0;
  /** Items of the page being processed that are not processed yet. */
  pendingInPage = 0;
  /** Items the current list still holds on the server (`remainingItemCount`). */
  remainingInList = 0;

  get totalItems(): number {
    return this.itemsBackedUp + this.pendingInPage + this.remainingInList;
  }

  snapshot(): Required<BackupProgress> {
    return { totalItems: this.totalItems, itemsBackedUp: this.itemsBackedUp };
  }
}

/** Options of {@link ProgressReporter}. */
export interface ProgressReporterOptions {
  readonly counter: ProgressCounter;
  readonly clock: Clock;
  /** Writes the progress (e.g. a merge patch of status.progress). */
  readonly publish: (progress: Required<BackupProgress>) => Promise<void>;
  readonly intervalMs?: number;
  readonly log?: Logger;
}

/**
 * Publishes progress every `intervalMs` (default 1 s) while it changes; a failed publish is
 * logged and retried at the next tick. Never two publishes at once.
 */
export class ProgressReporter {
  readonly #options: ProgressReporterOptions;
  readonly #stop = new AbortController();
  #loop: Promise<void> | undefined;
  #last = "";

  constructor(options: ProgressReporterOptions) {
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
    const interval = this.#options.intervalMs ?? 1000;
    const signal = this.#stop.signal;
    const stopped = new Promise<void>((resolve) => {
      signal.addEventListener("abort", () => {
        resolve();
      });
    });
    while (!this.#stopped()) {
      const sleep = this.#options.clock.sleep(interval, signal).catch(() => undefined);
      await Promise.race([sleep, stopped]);
      if (this.#stopped()) return;
      await this.#publishIfChanged();
    }
  }

  #stopped(): boolean {
    return this.#stop.signal.aborted;
  }

  async #publishIfChanged(): Promise<void> {
    const progress = this.#options.counter.snapshot();
    const key = `${progress.totalItems}/${progress.itemsBackedUp}`;
    if (key === this.#last) return;
    try {
      await this.#options.publish(progress);
      this.#last = key;
    } catch (error) {
      this.#options.log?.warn("Got error trying to update backup's status.progress", {
        error: errorMessage(error),
      });
    }
  }
}
