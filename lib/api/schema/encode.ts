// Writes values as Go's encoding/json writes Velero's structs: fields in declaration order,
// omitempty honoured, zero values for fields Go always writes, map keys sorted, HTML escaped.
import type { FieldNode, ObjectNode, Schema, SchemaNode } from "./dsl.js";

const EMPTY: Readonly<Record<SchemaNode["type"], (value: unknown) => boolean>> = {
  string: (value) => value === "",
  integer: (value) => value === 0,
  boolean: (value) => value === false,
  array: (value) => Array.isArray(value) && value.length === 0,
  map: (value) => typeof value === "object" && value !== null && Object.keys(value).length === 0,
  object: () => false,
  unknown: () => false,
};

/** Go's omitempty test; durations and times are structs in Go, which omitempty never drops. */
function isEmpty(node: SchemaNode, value: unknown): boolean {
  if (node.type === "string" && (node.flavor === "duration" || node.flavor === "time")) {
    return false;
  }
  return EMPTY[node.type](value);
}

function zeroOf(node: SchemaNode): unknown {
  switch (node.type) {
    case "string":
      if (node.flavor === "duration") return "0s";
      return node.flavor === "plain" ? "" : null;
    case "integer":
      return 0;
    case "boolean":
      return false;
    case "object":
      return encodeObject(node, {});
    case "array":
    case "map":
    case "unknown":
      return null;
  }
}

function encodeField(field: FieldNode, value: unknown): { emit: boolean; value?: unknown } {
  if (value === undefined || value === null) {
    if (field.go === "always") return { emit: true, value: zeroOf(field.schema) };
    return field.go === "alwaysOrNull" ? { emit: true, value: null } : { emit: false };
  }
  if (field.go === "omitempty" && isEmpty(field.schema, value)) return { emit: false };
  return { emit: true, value: encodeNode(field.schema, value) };
}

function encodeObject(node: ObjectNode, value: unknown): Record<string, unknown> {
  const source = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of node.fields) {
    const encoded = encodeField(field, source[field.name]);
    if (encoded.emit) out[field.name] = encoded.value;
  }
  return out;
}

function encodeNode(node: SchemaNode, value: unknown): unknown {
  switch (node.type) {
    case "object":
      return encodeObject(node, value);
    case "array":
      return (value as unknown[]).map((item) => encodeNode(node.items, item));
    case "map": {
      const entries = Object.entries(value as Record<string, unknown>);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([k, v]) => [k, encodeNode(node.values, v)]));
    }
    case "string":
    case "integer":
    case "boolean":
    case "unknown":
      return value;
  }
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * `value` as Go's `json.MarshalIndent(v, "", "  ")` writes the struct `schema` describes:
 * 2-space indent, no trailing newline, `<`, `>`, `&`, U+2028 and U+2029 escaped as Go does.
 */
export function encodeGoJson<T>(schema: Schema<T>, value: T): string {
  const text = JSON.stringify(encodeNode(schema.node, value), null, 2);
  return text.replace(/[<>&\u2028\u2029]/g, (c) => HTML_ESCAPES[c] ?? c);
}
