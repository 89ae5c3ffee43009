// `-o table|json|yaml`: printing objects as JSON or YAML (keys sorted), a single item bare and
// several as a `v1 List`, as Velero does.
import { InvalidArgumentError } from "commander";
import { stringify } from "yaml";

/** The output formats `-o` accepts. */
export type OutputFormat = "table" | "json" | "yaml";

/** Commander parser for `-o/--output`. */
export function parseOutputFormat(value: string): OutputFormat {
  if (value === "table" || value === "json" || value === "yaml") return value;
  throw new InvalidArgumentError(
    `invalid output format "${value}" - valid values are 'table', 'json', and 'yaml'`,
  );
}

/** Renders one object or a list as JSON (2-space indent) or YAML (sorted keys), with a newline. */
export function formatObjects(objects: readonly unknown[], format: "json" | "yaml"): string {
  const value =
    objects.length === 1 ? objects[0] : { apiVersion: "v1", kind: "List", items: objects };
  if (format === "json") return JSON.stringify(value, null, 2) + "\n";
  return stringify(sortKeys(value), { lineWidth: 0 });
}

/** A deep copy of `value` with every object's keys in sorted order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
