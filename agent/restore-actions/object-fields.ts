// Reading and changing fields of objects kept as JSON, for the restore item actions.
import type { KubeObject } from "../../lib/kube/index.js";

/** A JSON object. */
export type Fields = Record<string, unknown>;

/** The value as an object, or undefined when it is not one. */
export function asFields(value: unknown): Fields | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Fields)
    : undefined;
}

/** The value as an array of objects (non-objects dropped), or `[]`. */
export function asFieldsList(value: unknown): Fields[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const fields = asFields(entry);
    return fields === undefined ? [] : [fields];
  });
}

/** The object at `path` (e.g. `["spec", "selector"]`), or undefined. */
export function fieldsAt(object: unknown, ...path: string[]): Fields | undefined {
  let current: unknown = object;
  for (const key of path) current = asFields(current)?.[key];
  return asFields(current);
}

/** The string at `path`, or `""`. */
export function stringAt(object: unknown, ...path: string[]): string {
  const last = path[path.length - 1] ?? "";
  const value = fieldsAt(object, ...path.slice(0, -1))?.[last];
  return typeof value === "string" ? value : "";
}

/** The object's `spec` (created when missing). */
export function specOf(object: KubeObject): Fields {
  const spec = asFields(object["spec"]);
  if (spec !== undefined) return spec;
  const created: Fields = {};
  object["spec"] = created;
  return created;
}

/** Deletes `keys` from a string map in place; drops the map when it becomes empty. */
export function deleteKeys(
  holder: Fields | undefined,
  field: string,
  keys: readonly string[],
): void {
  const map = asFields(holder?.[field]);
  if (holder === undefined || map === undefined) return;
  for (const key of keys) Reflect.deleteProperty(map, key);
  if (Object.keys(map).length === 0) Reflect.deleteProperty(holder, field);
}
