// Where `--wait` progress goes: on a terminal one line redrawn in place (`\r`), when piped a
// plain line whenever the counters change (at most one every few seconds, and at least one
// every half minute so a log shows the wait is alive).
import type { Clock } from "../../lib/clock.js";
import type { TextSink } from "../cli-context.js";
import {
  formatProgressLine,
  progressKey,
  type ProgressSample,
  type ProgressVerb,
} from "./progress-line.js";

/** Settings of a {@link ProgressReporter}. */
export interface ProgressReporterOptions {
  readonly out: TextSink;
  readonly isTerminal: boolean;
  readonly clock: Clock;
  readonly verb: ProgressVerb;
  /** Minimum gap between two piped lines (default 2 s). */
  readonly minGapMs?: number;
  /** Maximum gap between two piped lines even without change (default 30 s). */
  readonly maxGapMs?: number;
}

/** Shows progress samples; call {@link ProgressReporter.finish} once the wait is over. */
export class ProgressReporter {
  private readonly options: ProgressReporterOptions;
  private lastKey: string | undefined;
  private lastPrintedAt = Number.NEGATIVE_INFINITY;
  private lastPhase: string | undefined;
  private drawn = false;

  constructor(options: ProgressReporterOptions) {
    this.options = options;
  }

  /** Shows one sample (redrawn on a terminal, printed when it matters when piped). */
  update(sample: ProgressSample): void {
    const line = formatProgressLine(sample, this.options.verb);
    if (this.options.isTerminal) {
      this.options.out.write(`\r${line}\u001b[K`);
      this.drawn = true;
      return;
    }
    const now = this.options.clock.now().getTime();
    const key = progressKey(sample);
    const gap = now - this.lastPrintedAt;
    const phaseChanged = sample.phase !== this.lastPhase;
    const changed = key !== this.lastKey && gap >= (this.options.minGapMs ?? 2000);
    if (phaseChanged || changed || gap >= (this.options.maxGapMs ?? 30_000)) {
      this.options.out.write(line + "\n");
      this.lastKey = key;
      this.lastPrintedAt = now;
      this.lastPhase = sample.phase;
    }
  }

  /** Ends the redrawn line on a terminal. */
  finish(): void {
    if (this.drawn) this.options.out.write("\n");
    this.drawn = false;
  }
}
