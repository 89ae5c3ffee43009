// Decides whether a live object already is what install wants: every field install sets must
// be present with the same value; fields the server adds (defaults, status) are ignored.
import { compareQuantities, parseQuantity } from "../../lib/api/index.js";

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "" || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameQuantity(a: string, b: string): boolean {
  try {
    return compareQuantities(parseQuantity(a), parseQuantity(b)) === 0;
  } catch {
    return false;
  }
}

function scalarsMatch(desired: unknown, live: unknown, isQuantity: boolean): boolean {
  if (desired === live) return true;
  if (isQuantity && typeof desired === "string" && typeof live === "string") {
    return sameQuantity(desired, live);
  }
  return false;
}

function quantitiesMatch(desired: unknown, live: unknown): boolean {
  return scalarsMatch(desired, live, true);
}

function matches(desired: unknown, live: unknown, parent: string | undefined): boolean {
  const isQuantity = parent === "requests" || parent === "limits";
  if (live === undefined || live === null) return isEmpty(desired);
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) return false;
    return desired.every((item, i) => matches(item, live[i], undefined));
  }
  if (isRecord(desired)) {
    if (!isRecord(live)) return false;
    return Object.entries(desired).every(([key, value]) =>
      isQuantity ? quantitiesMatch(value, live[key]) : matches(value, live[key], key),
    );
  }
  return scalarsMatch(desired, live, false);
}

/**
 * True when `live` contains every field of `desired` with an equal value. Arrays must have the
 * same length and match element by element. Empty strings, `false`, `{}` and `[]` in `desired`
 * match an absent field (the server may drop them), and resource quantities compare by value
 * (`1000m` equals `1`).
 */
export function isSatisfiedBy(desired: unknown, live: unknown): boolean {
  return matches(desired, live, undefined);
}
