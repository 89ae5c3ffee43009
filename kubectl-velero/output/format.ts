// `-o table|json|yaml`: printing objects as JSON or YAML (keys sorted), a single item bare and
// several as a list, as Velero does.
import { InvalidArgumentError } from "commander";
import { stringify } from "yaml";
import { encodeGoJson, type Schema } from "../../lib/api/index.js";

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
  return formatValue(value, format);
}

/** How {@link formatVeleroObjects} wraps several objects. */
export interface VeleroListOptions<T> {
  /** Schema of the kind: fields in Go order, Go zero values (`ttl: 0s`, `hooks: {}`). */
  readonly schema: Schema<T>;
  /** `BackupList`, `ScheduleList`, ... */
  readonly listKind: string;
  readonly resourceVersion?: string;
}

/**
 * Velero objects as Velero's `-o json|yaml` prints them: each encoded as Go encodes Velero's
 * structs; one object bare, otherwise a `velero.io/v1` `<Kind>List`.
 */
export function formatVeleroObjects<T>(
  objects: readonly T[],
  format: "json" | "yaml",
  options: VeleroListOptions<T>,
): string {
  const encoded = objects.map((o) => JSON.parse(encodeGoJson(options.schema, o)) as unknown);
  const value =
    encoded.length === 1
      ? encoded[0]
      : {
          kind: options.listKind,
          apiVersion: "velero.io/v1",
          metadata:
            options.resourceVersion === undefined || options.resourceVersion === ""
              ? {}
              : { resourceVersion: options.resourceVersion },
          items: encoded,
        };
  return formatValue(value, format);
}

/** The object exactly as Velero would send it to the API server (Go's zero values included). */
export function toGoObject<T>(schema: Schema<T>, object: T): T {
  return JSON.parse(encodeGoJson(schema, object)) as T;
}

const htmlEscapes: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
};

function formatValue(value: unknown, format: "json" | "yaml"): string {
  if (format === "json") {
    return JSON.stringify(value, null, 2).replace(/[<>&]/g, (c) => htmlEscapes[c] ?? c) + "\n";
  }
  return stringify(sortKeys(value), {
    lineWidth: 0,
    singleQuote: true,
    indentSeq: false,
    version: "1.1",
  });
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
