// How Velero's Go code prints values in tables and describe output: durations through
// time.Duration.String(), optional booleans, and "how long from now" cells.
import { formatDuration, parseDuration } from "../../lib/api/index.js";
import { shortHumanDuration } from "./human-duration.js";

/** A metav1.Duration string as Go prints it (`"24h"` ⇒ `24h0m0s`, absent ⇒ `0s`). */
export function goDuration(value: string | undefined): string {
  if (value === undefined || value === "") return "0s";
  try {
    return formatDuration(parseDuration(value));
  } catch {
    return value;
  }
}

/** Velero's `BoolPointerString`: one text each for false, true and unset. */
export function boolPointerString(
  value: boolean | undefined,
  texts: { readonly whenFalse: string; readonly whenTrue: string; readonly whenUnset: string },
): string {
  if (value === undefined) return texts.whenUnset;
  return value ? texts.whenTrue : texts.whenFalse;
}

/**
 * Velero's `humanReadableTimeFromNow`: `n/a` without a time, a short duration for the future
 * (`29d`), `<duration> ago` for the past.
 */
export function timeFromNow(when: Date | undefined, now: Date): string {
  if (when === undefined || Number.isNaN(when.getTime())) return "n/a";
  const delta = when.getTime() - now.getTime();
  if (delta >= 0) return shortHumanDuration(delta);
  return `${shortHumanDuration(-delta)} ago`;
}

/** Joins a list Velero's way, or returns `fallback` when the list is empty. */
export function joinOr(items: readonly string[] | undefined, fallback: string): string {
  return items === undefined || items.length === 0 ? fallback : items.join(", ");
}

/** `value`, or "" when unset (Go's zero string). */
export function orEmpty(value: string | undefined): string {
  return value ?? "";
}

/** `value`, or 0 when unset (Go's zero number). */
export function orZero(value: number | undefined): number {
  return value ?? 0;
}
