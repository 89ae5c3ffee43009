// metav1.Time strings: RFC 3339 in UTC with seconds precision, as Kubernetes serialises them.
import { InvalidTimeError } from "./errors.js";

/** An RFC 3339 timestamp as Kubernetes serialises metav1.Time: `"2024-01-02T03:04:05Z"`. */
export type Time = string;

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Formats a date as metav1.Time does: UTC, whole seconds (sub-second part dropped, as Go's
 * RFC3339 layout truncates), `Z` suffix. `formatTime(new Date(0)) === "1970-01-01T00:00:00Z"`.
 */
export function formatTime(date: Date): Time {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new InvalidTimeError(String(date));
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const FIELD_LIMITS: readonly (readonly [number, number])[] = [
  [1, 12],
  [1, 31],
  [0, 23],
  [0, 59],
  [0, 60],
];

/** True when `value` is a valid RFC 3339 date-time (any offset, optional fraction). */
export function isTime(value: string): boolean {
  const match = RFC3339.exec(value);
  if (match === null) return false;
  const fields = match.slice(2, 7).map(Number);
  const inRange = FIELD_LIMITS.every(([min, max], i) => {
    const field = fields[i] ?? Number.NaN;
    return field >= min && field <= max;
  });
  return inRange && !Number.isNaN(Date.parse(value));
}

/** Parses an RFC 3339 timestamp. Throws {@link InvalidTimeError} when it is not one. */
export function parseTime(value: string): Date {
  if (!isTime(value)) throw new InvalidTimeError(value);
  return new Date(value);
}
