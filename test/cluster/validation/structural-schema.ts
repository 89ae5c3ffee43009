// A CustomResourceDefinition version's openAPIV3Schema applied to custom objects the way the
// real API server applies it: unknown fields pruned (and reported), defaults filled in, then
// values validated (types, required, enum, pattern, formats, bounds, sizes).
import type { FieldCause } from "../api/api-context.js";
import { checkValue } from "./schema-checks.js";

/** An `openAPIV3Schema` node, as JSON (only the keywords this server understands are typed). */
export interface StructuralSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly items?: StructuralSchema;
  readonly additionalProperties?: StructuralSchema | boolean;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly uniqueItems?: boolean;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly allOf?: readonly StructuralSchema[];
  readonly anyOf?: readonly StructuralSchema[];
  readonly oneOf?: readonly StructuralSchema[];
  readonly not?: StructuralSchema;
  readonly "x-kubernetes-preserve-unknown-fields"?: boolean;
  readonly "x-kubernetes-int-or-string"?: boolean;
  readonly "x-kubernetes-embedded-resource"?: boolean;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/**
 * Removes fields the schema does not declare (recording their paths in `unknown`), drops
 * nulls of non-nullable fields, and fills `default`s, in place. Returns the value to keep.
 */
export function pruneAndDefault(
  schema: StructuralSchema,
  value: unknown,
  path: string,
  unknown: string[],
): unknown {
  if (Array.isArray(value)) {
    const items = schema.items;
    if (items !== undefined) {
      for (let i = 0; i < value.length; i++)
        value[i] = pruneAndDefault(items, value[i], `${path}[${i}]`, unknown);
    }
    return value;
  }
  if (!isObject(value)) return value;
  pruneObject(schema, value, path, unknown);
  applyDefaults(schema, value, path, unknown);
  return value;
}

function propertySchema(schema: StructuralSchema, key: string): StructuralSchema | undefined {
  const additional = schema.additionalProperties;
  return schema.properties?.[key] ?? (isObject(additional) ? additional : undefined);
}

function keepsUnknown(schema: StructuralSchema, key: string): boolean {
  return (
    schema["x-kubernetes-preserve-unknown-fields"] === true ||
    schema.additionalProperties === true ||
    isEmbeddedRoot(schema, key)
  );
}

function pruneObject(schema: StructuralSchema, value: Json, path: string, unknown: string[]): void {
  for (const key of Object.keys(value)) {
    const property = propertySchema(schema, key);
    const childPath = join(path, key);
    if (property === undefined) {
      if (!keepsUnknown(schema, key)) {
        unknown.push(childPath);
        Reflect.deleteProperty(value, key);
      }
    } else if (
      value[key] === null &&
      property.nullable !== true &&
      property.default !== undefined
    ) {
      Reflect.deleteProperty(value, key);
    } else {
      value[key] = pruneAndDefault(property, value[key], childPath, unknown);
    }
  }
}

function isEmbeddedRoot(schema: StructuralSchema, key: string): boolean {
  return (
    schema["x-kubernetes-embedded-resource"] === true &&
    ["apiVersion", "kind", "metadata"].includes(key)
  );
}

function applyDefaults(
  schema: StructuralSchema,
  value: Json,
  path: string,
  unknown: string[],
): void {
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (property.default === undefined || Object.hasOwn(value, key)) continue;
    value[key] = pruneAndDefault(
      property,
      structuredClone(property.default),
      join(path, key),
      unknown,
    );
  }
}

/** Validation errors of `value` against `schema`, with field paths from `path`. */
export function validateAgainstSchema(
  schema: StructuralSchema,
  value: unknown,
  path: string,
): FieldCause[] {
  const causes: FieldCause[] = [];
  walk(schema, value, path, causes);
  return causes;
}

function walk(schema: StructuralSchema, value: unknown, path: string, causes: FieldCause[]): void {
  const own = checkValue(schema, value, path);
  causes.push(...own);
  if (own.length > 0) return;
  for (const sub of schema.allOf ?? []) walk(sub, value, path, causes);
  if (Array.isArray(value) && schema.items !== undefined) {
    for (let i = 0; i < value.length; i++) walk(schema.items, value[i], `${path}[${i}]`, causes);
  }
  if (isObject(value)) walkObject(schema, value, path, causes);
}

function walkObject(
  schema: StructuralSchema,
  value: Json,
  path: string,
  causes: FieldCause[],
): void {
  for (const name of schema.required ?? []) {
    if (!Object.hasOwn(value, name)) {
      causes.push({
        field: join(path, name),
        reason: "FieldValueRequired",
        message: "Required value",
      });
    }
  }
  const additional = schema.additionalProperties;
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties?.[key] ?? (isObject(additional) ? additional : undefined);
    if (property !== undefined) walk(property, item, join(path, key), causes);
  }
}
