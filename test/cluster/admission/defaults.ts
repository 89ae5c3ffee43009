// Small helpers for defaulting JSON objects in place, as the API server's defaulters do.

/** A JSON object being defaulted. */
export type Json = Record<string, unknown>;

/** True for a non-array, non-null object. */
export function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `parent[key]`, created as `{}` when missing or not an object. */
export function objectAt(parent: Json, key: string): Json {
  const current = parent[key];
  if (isJson(current)) return current;
  const created: Json = {};
  parent[key] = created;
  return created;
}

/** Sets `parent[key] = value` unless the key already has a value. */
export function setDefault(parent: Json, key: string, value: unknown): void {
  if (parent[key] === undefined || parent[key] === null) parent[key] = value;
}

/** The object items of `parent[key]` (empty when it is not a list). */
export function itemsAt(parent: Json, key: string): Json[] {
  const list = parent[key];
  return Array.isArray(list) ? list.filter(isJson) : [];
}

/** The object at a dotted path, or undefined when any step is missing. */
export function pathGet(root: unknown, path: string): unknown {
  let current = root;
  for (const part of path.split(".")) {
    if (!isJson(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** A JSON value as text: strings as they are, other values as JSON. */
export function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value === undefined ? "" : JSON.stringify(value);
}
