// Duration and count flags (`--ttl 72h`, `--timeout 30s`, `--parallel-files-upload 4`), parsed
// as Go parses them and refused with a message naming the bad value.
import { InvalidArgumentError } from "commander";
import { formatDuration, parseDuration } from "../../lib/api/index.js";

/**
 * Commander parser for Go durations (`72h`, `1h30m`, `0s`): returns the value as Go prints it
 * (`72h0m0s`), so it can go into a spec unchanged. Negative durations are refused.
 */
export function parseDurationFlag(value: string): string {
  let ms: number;
  try {
    ms = parseDuration(value.trim());
  } catch {
    throw new InvalidArgumentError(
      `time: invalid duration "${value}" (use a Go duration such as 30s, 15m, 72h or 1h30m)`,
    );
  }
  if (ms < 0) throw new InvalidArgumentError(`duration "${value}" must not be negative`);
  return formatDuration(ms);
}

/** Milliseconds of a Go duration string produced by {@link parseDurationFlag}. */
export function durationMs(value: string): number {
  return parseDuration(value);
}

/** Commander parser for counts that must be whole numbers ≥ 0. */
export function parseCountFlag(value: string): number {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) {
    throw new InvalidArgumentError(`"${value}" is not a whole number ≥ 0`);
  }
  const count = Number(trimmed);
  if (!Number.isSafeInteger(count) || count > 2_147_483_647) {
    throw new InvalidArgumentError(`"${value}" is too large`);
  }
  return count;
}
