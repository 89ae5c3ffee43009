// The kubelet's crash-loop back-off: the first restart is immediate, later ones wait an
// exponentially growing delay up to a cap, and a run that lasted long enough resets it.

/** Options of {@link RestartBackoff}; the real kubelet uses 10 s, 300 s and 10 min. */
export interface RestartBackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly resetAfterMs: number;
}

/** Defaults of this test cluster: shorter than the real kubelet's so tests stay quick. */
export const testClusterBackoff: RestartBackoffOptions = {
  initialMs: 1_000,
  maxMs: 30_000,
  resetAfterMs: 60_000,
};

/** Tracks the back-off of one container. */
export class RestartBackoff {
  private failures = 0;
  private readonly options: RestartBackoffOptions;

  constructor(options: RestartBackoffOptions) {
    this.options = options;
  }

  /** The delay before restarting a container whose last run lasted `ranForMs`. */
  nextDelay(ranForMs: number): number {
    if (ranForMs >= this.options.resetAfterMs) this.failures = 0;
    this.failures++;
    if (this.failures === 1) return 0;
    return Math.min(this.options.initialMs * 2 ** (this.failures - 2), this.options.maxMs);
  }
}
