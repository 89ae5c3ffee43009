// Decodes untrusted JSON into a schema's type the way Go's decoder reads Velero's types:
// wrong types, bad enums, durations and times fail naming the field; nulls count as absent,
// unknown fields are dropped, fields come out in Go order.
import { isDuration } from "../duration.js";
import { InvalidObjectError } from "../errors.js";
import { isTime } from "../time.js";
import type { FieldNode, ObjectNode, Schema, SchemaNode, StringNode } from "./dsl.js";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT32 = 2 ** 31;

function describe(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mismatch(path: string, expected: string, value: unknown): InvalidObjectError {
  return new InvalidObjectError(path, `must be of type ${expected}, got ${describe(value)}`);
}

function decodeString(node: StringNode, value: unknown, path: string): string {
  if (typeof value !== "string") throw mismatch(path, "string", value);
  if (node.enum !== undefined && !node.enum.includes(value)) {
    const supported = node.enum.map((e) => JSON.stringify(e)).join(", ");
    throw new InvalidObjectError(
      path,
      `unsupported value ${JSON.stringify(value)}: supported values: ${supported}`,
    );
  }
  const valid =
    (node.flavor !== "duration" || isDuration(value)) &&
    (node.flavor !== "time" || isTime(value)) &&
    (node.flavor !== "bytes" || BASE64.test(value));
  if (!valid) {
    throw new InvalidObjectError(path, `invalid ${node.flavor} ${JSON.stringify(value)}`);
  }
  return value;
}

function decodeInteger(node: SchemaNode, value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw mismatch(path, "integer", value);
  if (node.type === "integer" && node.format === "int32" && (value < -INT32 || value >= INT32)) {
    throw new InvalidObjectError(path, `${value} does not fit in int32`);
  }
  return value;
}

function decodeArray(
  node: SchemaNode & { type: "array" },
  value: unknown,
  path: string,
): unknown[] {
  if (!Array.isArray(value)) throw mismatch(path, "array", value);
  if (node.minItems !== undefined && value.length < node.minItems) {
    throw new InvalidObjectError(path, `must have at least ${node.minItems} items`);
  }
  return value.map((item, i) => decodeNode(node.items, item, `${path}[${i}]`));
}

function decodeMap(values: SchemaNode, value: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw mismatch(path, "object", value);
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    out[key] = decodeNode(values, entry, path === "" ? key : `${path}.${key}`);
  }
  return out;
}

function decodeField(field: FieldNode, value: unknown, path: string): unknown {
  if (value !== undefined && value !== null) return decodeNode(field.schema, value, path);
  if (!field.required) return undefined;
  if (field.schema.type === "object" && field.go === "always") {
    return decodeNode(field.schema, {}, path);
  }
  throw new InvalidObjectError(path, "required value");
}

function decodeObject(node: ObjectNode, value: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw mismatch(path, "object", value);
  const out: Record<string, unknown> = {};
  for (const field of node.fields) {
    const decoded = decodeField(
      field,
      value[field.name],
      path === "" ? field.name : `${path}.${field.name}`,
    );
    if (decoded !== undefined) out[field.name] = decoded;
  }
  return out;
}

function decodeNode(node: SchemaNode, value: unknown, path: string): unknown {
  switch (node.type) {
    case "string":
      return decodeString(node, value, path);
    case "integer":
      return decodeInteger(node, value, path);
    case "boolean":
      if (typeof value !== "boolean") throw mismatch(path, "boolean", value);
      return value;
    case "array":
      return decodeArray(node, value, path);
    case "map":
      return decodeMap(node.values, value, path);
    case "object":
      return decodeObject(node, value, path);
    case "unknown":
      if (!isPlainObject(value)) throw mismatch(path, "object", value);
      return structuredClone(value);
  }
}

/**
 * Validates `value` (parsed JSON or YAML) against `schema` and returns a fresh value of type
 * `T`: fields in Go declaration order, nulls and unknown fields dropped, missing required structs
 * filled with `{}` as Go's zero value. Throws {@link InvalidObjectError} naming the first bad field.
 */
export function decodeWith<T>(schema: Schema<T>, value: unknown): T {
  return decodeNode(schema.node, value, "") as T;
}
