// Samples this process's memory while an operation runs, so tests can prove that an upload's
// memory stays bounded whatever the object's size.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Peak memory growth over the baseline taken when sampling started. */
export interface MemoryGrowth {
  /** Peak resident set size minus the baseline, in bytes. */
  readonly rssBytes: number;
  /** Peak of V8 heap used + external memory (Buffers) minus the baseline, garbage included. */
  readonly heapAndBuffersBytes: number;
  /** The same peak over samples taken right after a full GC: memory actually in use. */
  readonly liveBytes: number;
  readonly samples: number;
}

/** Runs a full garbage collection when the runtime allows it (so baselines are comparable). */
export function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as unknown;
  if (typeof gc === "function") (gc as () => void)();
}

/**
 * Runs `operation` while sampling `process.memoryUsage()` every `intervalMs`, and reports the
 * peak growth over a baseline taken (after a GC) just before it started. Every tenth sample
 * follows a full GC, so garbage not yet collected does not pass for memory in use.
 */
export async function measureMemoryGrowth<T>(
  operation: () => Promise<T>,
  intervalMs = 20,
): Promise<{ result: T; growth: MemoryGrowth }> {
  collectGarbage();
  const base = process.memoryUsage();
  const baseHeap = base.heapUsed + base.external;
  let peakRss = base.rss;
  let peakHeap = baseHeap;
  let peakLive = baseHeap;
  let samples = 0;
  const sample = (): void => {
    const afterGc = samples % 10 === 9;
    if (afterGc) collectGarbage();
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed + now.external);
    if (afterGc) peakLive = Math.max(peakLive, now.heapUsed + now.external);
    samples++;
  };
  const timer = setInterval(sample, intervalMs);
  try {
    const result = await operation();
    sample();
    return {
      result,
      growth: {
        rssBytes: peakRss - base.rss,
        heapAndBuffersBytes: peakHeap - baseHeap,
        liveBytes: peakLive - baseHeap,
        samples,
      },
    };
  } finally {
    clearInterval(timer);
  }
}

/** `12.3 MiB`. */
export function formatBytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
