// JSON value comparison and RFC 7386 merge patches between two objects, as the restore uses them
// to compare an existing object with the backed-up one and to patch the difference.

/** A parsed JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A parsed JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Deep equality of JSON values: same keys (order ignored) and equal values; arrays compare in
 * order. `undefined` members are treated as absent.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => k in b && jsonEqual(a[k], b[k]));
}

function memberPatch(before: unknown, after: unknown): unknown {
  if (isObject(before) && isObject(after)) return createMergePatch(before, after);
  return jsonEqual(before, after) ? undefined : after;
}

/**
 * The JSON merge patch (RFC 7386) that turns `original` into `modified`: members that differ
 * are set (objects recursively, arrays replaced whole), members missing from `modified` are
 * `null`. Returns `undefined` when the two are equal, so no request is needed.
 */
export function createMergePatch(
  original: Readonly<Record<string, unknown>>,
  modified: Readonly<Record<string, unknown>>,
): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(modified)) {
    if (value === undefined) continue;
    const change = memberPatch(original[key], value);
    if (change !== undefined) patch[key] = change;
  }
  for (const key of Object.keys(original)) {
    if (original[key] !== undefined && modified[key] === undefined) patch[key] = null;
  }
  return Object.keys(patch).length === 0 ? undefined : patch;
}
