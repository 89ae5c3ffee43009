// What a built-in table printer is: its columns and how one object becomes one row of cells.
import type { KubeObject } from "../../cluster-api.js";

/** One column of a printer (priority 1 columns show only with `-o wide`). */
export interface Column {
  readonly name: string;
  readonly type: "string" | "integer" | "number" | "boolean" | "date";
  readonly format?: "name";
  readonly priority?: number;
  readonly description: string;
}

/** A printer for one kind. */
export interface Printer {
  readonly columns: readonly Column[];
  cells(object: KubeObject, now: Date): unknown[];
}

/** The Name column every printer starts with. */
export const NAME: Column = {
  name: "Name",
  type: "string",
  format: "name",
  description:
    "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
};

/** The Age column. */
export const AGE: Column = {
  name: "Age",
  type: "string",
  description:
    "CreationTimestamp is a timestamp representing the server time when this object was created.",
};

/** A column with a short description. */
export function column(name: string, type: Column["type"] = "string", priority = 0): Column {
  return priority === 0
    ? { name, type, description: name }
    : { name, type, priority, description: name };
}

/** Reads `object.a.b.c` loosely. */
export function at(object: unknown, path: string): unknown {
  let current = object;
  for (const part of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A number field, 0 when absent. */
export function num(object: unknown, path: string): number {
  const value = at(object, path);
  return typeof value === "number" ? value : 0;
}

/** A string field, `fallback` when absent or empty. */
export function str(object: unknown, path: string, fallback = "<none>"): string {
  const value = at(object, path);
  return typeof value === "string" && value !== "" ? value : fallback;
}

/** The list at `path` (empty when absent). */
export function list(object: unknown, path: string): Record<string, unknown>[] {
  const value = at(object, path);
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

/** `k=v,k2=v2` of a label map or selector's matchLabels, `<none>` when empty. */
export function labelText(labels: unknown): string {
  if (typeof labels !== "object" || labels === null) return "<none>";
  const entries = Object.entries(labels as Record<string, unknown>).map(
    ([k, v]) => `${k}=${String(v)}`,
  );
  return entries.length === 0 ? "<none>" : entries.join(",");
}

/** Container names and images of a pod template, comma-separated. */
export function containerColumns(spec: unknown): [string, string] {
  const containers = list(spec, "containers");
  return [
    containers.map((c) => String(c["name"])).join(","),
    containers.map((c) => String(c["image"])).join(","),
  ];
}
