// Progress of a backup or restore, reported through a callback at a fixed interval.

/** One progress report. `totalBytes` is an estimate that may grow while a backup scans. */
export interface Progress {
  readonly bytesDone: number;
  readonly totalBytes: number;
  readonly filesDone: number;
  readonly totalFiles: number;
}

/** Receives progress reports. */
export type ProgressCallback = (progress: Progress) => void;

/** Counters shared by the workers of one operation, reported every `intervalMs`. */
export class ProgressTracker {
  bytesDone = 0;
  filesDone = 0;
  totalBytes = 0;
  totalFiles = 0;
  private readonly callback: ProgressCallback | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(callback: ProgressCallback | undefined, intervalMs = 1000) {
    this.callback = callback;
    if (callback !== undefined) {
      this.timer = setInterval(() => {
        this.report();
      }, intervalMs);
      this.timer.unref();
    }
  }

  /** The current figures (totals never below what is done). */
  snapshot(): Progress {
    return {
      bytesDone: this.bytesDone,
      totalBytes: Math.max(this.totalBytes, this.bytesDone),
      filesDone: this.filesDone,
      totalFiles: Math.max(this.totalFiles, this.filesDone),
    };
  }

  /** Stops the timer and sends a last report. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.report();
  }

  private report(): void {
    this.callback?.(this.snapshot());
  }
}
