// One line of live progress for `--wait`: phase, items done of total, rate, elapsed time and
// pod volume bytes, computed from a snapshot of the object's status.
import { formatDuration } from "../../lib/api/index.js";

/** What is known about a running backup or restore at one moment. */
export interface ProgressSample {
  readonly phase: string;
  readonly itemsDone?: number | undefined;
  readonly totalItems?: number | undefined;
  /** Pod volume (file-system backup) bytes done and total, summed over the volumes. */
  readonly bytesDone?: number | undefined;
  readonly totalBytes?: number | undefined;
  /** Time since the operation started (or since waiting began when the start is unknown). */
  readonly elapsedMs: number;
}

/** Verb for the item counter: "backed up" or "restored". */
export type ProgressVerb = "backed up" | "restored";

const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** Bytes in binary units with one decimal: `512 B`, `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit] ?? ""}`;
}

/** Elapsed time in whole seconds, as a Go duration (`45s`, `2m5s`, `1h0m3s`). */
export function formatElapsed(ms: number): string {
  return formatDuration(Math.max(0, Math.floor(ms / 1000)) * 1000);
}

/**
 * The progress line, e.g.
 * `InProgress: 120 of 500 items backed up (24%), 40.0 items/s, 3s elapsed, pod volumes 10.0 MiB of 40.0 MiB`.
 * Parts whose numbers are unknown are left out.
 */
export function formatProgressLine(sample: ProgressSample, verb: ProgressVerb): string {
  const parts = [`${sample.phase}:`];
  const items = itemsPart(sample, verb);
  if (items !== undefined) parts.push(items);
  const seconds = sample.elapsedMs / 1000;
  if (sample.itemsDone !== undefined && seconds >= 1) {
    parts.push(`${(sample.itemsDone / seconds).toFixed(1)} items/s,`);
  }
  const bytes = bytesPart(sample);
  const elapsed = `${formatElapsed(sample.elapsedMs)} elapsed`;
  parts.push(bytes === undefined ? elapsed : `${elapsed}, ${bytes}`);
  return parts.join(" ");
}

function itemsPart(sample: ProgressSample, verb: ProgressVerb): string | undefined {
  const done = sample.itemsDone;
  const total = sample.totalItems;
  if (done === undefined && total === undefined) return undefined;
  if (total === undefined || total === 0) return `${done ?? 0} items ${verb},`;
  const percent = Math.min(100, Math.floor(((done ?? 0) / total) * 100));
  return `${done ?? 0} of ${total} items ${verb} (${percent}%),`;
}

function bytesPart(sample: ProgressSample): string | undefined {
  if (sample.totalBytes === undefined || sample.totalBytes === 0) return undefined;
  return `pod volumes ${formatBytes(sample.bytesDone ?? 0)} of ${formatBytes(sample.totalBytes)}`;
}

/** What must change for a piped progress line to be printed again (phase and counters). */
export function progressKey(sample: ProgressSample): string {
  return [
    sample.phase,
    sample.itemsDone,
    sample.totalItems,
    sample.bytesDone,
    sample.totalBytes,
  ].join("|");
}
