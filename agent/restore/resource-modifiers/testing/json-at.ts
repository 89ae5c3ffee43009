// Reads values out of patched documents in tests by a dotted path (`spec.containers.0.name`).

/** The value at `path` (dot-separated members or array indices), undefined when absent. */
export function jsonAt(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path === "" ? [] : path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The `name` (or `key`) of each element of the list at `path`. */
export function namesAt(value: unknown, path: string, key = "name"): unknown[] {
  const list = jsonAt(value, path);
  return Array.isArray(list) ? list.map((item) => jsonAt(item, key)) : [];
}
