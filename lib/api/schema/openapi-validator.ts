// Validates a value against a CRD's structural OpenAPI schema the way the API server does
// (types, required, enums, formats, nulls, unknown fields), reporting each problem's field.
import { isTime } from "../time.js";
import type { JSONSchemaProps } from "./openapi.js";

/** One validation problem, in the API server's wording. */
export interface SchemaViolation {
  /** JSON path in Kubernetes notation: `spec.hooks.resources[0].name`. */
  readonly field: string;
  readonly message: string;
}

/** Options of {@link validateAgainstSchema}. */
export interface SchemaValidationOptions {
  /** Report fields the schema does not declare (kubectl's default `fieldValidation=Strict`). */
  readonly strict?: boolean;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

class Walker {
  readonly violations: SchemaViolation[] = [];
  readonly strict: boolean;

  constructor(strict: boolean) {
    this.strict = strict;
  }

  report(field: string, message: string): void {
    this.violations.push({ field, message });
  }

  value(value: unknown, schema: JSONSchemaProps, path: string): void {
    const actual = typeOf(value);
    const expected = schema.type;
    const fits =
      expected === undefined ||
      actual === expected ||
      (expected === "number" && actual === "integer");
    if (!fits) {
      this.report(path, `Invalid value: "${actual}": must be of type ${expected}`);
      return;
    }
    if (typeof value === "string") this.string(value, schema, path);
    else if (Array.isArray(value)) this.array(value, schema, path);
    else if (actual === "object") this.object(value as Record<string, unknown>, schema, path);
  }

  string(value: string, schema: JSONSchemaProps, path: string): void {
    if (schema.enum !== undefined && !schema.enum.includes(value)) {
      const supported = schema.enum.map((e) => JSON.stringify(e)).join(", ");
      this.report(
        path,
        `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported}`,
      );
    } else if (schema.format === "date-time" && !isTime(value)) {
      this.report(path, `Invalid value: ${JSON.stringify(value)}: must be of type date-time`);
    } else if (schema.format === "byte" && !BASE64.test(value)) {
      this.report(path, `Invalid value: ${JSON.stringify(value)}: must be of type byte`);
    }
  }

  array(value: unknown[], schema: JSONSchemaProps, path: string): void {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      this.report(
        path,
        `Invalid value: ${value.length}: must have at least ${schema.minItems} items`,
      );
    }
    const items = schema.items;
    if (items === undefined) return;
    value.forEach((item, i) => {
      this.value(item, items, `${path}[${i}]`);
    });
  }

  object(value: Record<string, unknown>, schema: JSONSchemaProps, path: string): void {
    for (const [key, child] of Object.entries(value)) this.property(key, child, schema, path);
    for (const key of schema.required ?? []) {
      if (value[key] === undefined || value[key] === null) {
        this.report(join(path, key), "Required value");
      }
    }
  }

  property(key: string, child: unknown, parent: JSONSchemaProps, path: string): void {
    const schema = parent.properties?.[key] ?? parent.additionalProperties;
    if (schema !== undefined) {
      if (child !== null) this.value(child, schema, join(path, key));
      return;
    }
    if (this.strict && parent["x-kubernetes-preserve-unknown-fields"] !== true) {
      this.report(join(path, key), "field not declared in schema");
    }
  }
}

/**
 * Checks `value` against a CRD `openAPIV3Schema` and returns every violation (empty when
 * valid). Like the API server: nulls of non-nullable fields count as absent, unknown fields
 * are pruned (or reported when `strict`), and the root `metadata` is left to the caller.
 */
export function validateAgainstSchema(
  value: unknown,
  schema: JSONSchemaProps,
  options: SchemaValidationOptions = {},
): SchemaViolation[] {
  const walker = new Walker(options.strict ?? false);
  const root = typeof value === "object" && value !== null && !Array.isArray(value);
  if (root && schema.properties?.["metadata"] !== undefined) {
    const { metadata: _metadata, ...rest } = value as Record<string, unknown>;
    const { metadata: _schema, ...properties } = schema.properties;
    walker.value(rest, { ...schema, properties }, "");
  } else {
    walker.value(value, schema, "");
  }
  return walker.violations;
}
