// Checks of one value against one schema node's own keywords (not its children), with the
// messages the real API server's OpenAPI validator produces.
import type { FieldCause } from "../api/api-context.js";
import { notSupported, renderValue } from "../api/api-errors.js";
import type { StructuralSchema } from "./structural-schema.js";

type Check = (schema: StructuralSchema, value: unknown, path: string) => FieldCause | undefined;

function invalid(path: string, value: unknown, detail: string): FieldCause {
  return {
    field: path,
    reason: "FieldValueInvalid",
    message: `Invalid value: ${renderValue(value)}: ${detail}`,
  };
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(type: string, value: unknown): boolean {
  const actual = typeOf(value);
  if (type === "number") return actual === "number" || actual === "integer";
  return actual === type;
}

const checkType: Check = (schema, value, path) => {
  if (value === null) {
    return schema.nullable === true || schema.type === undefined
      ? undefined
      : invalid(path, "null", `${path} in body must be of type ${schema.type}: "null"`);
  }
  if (schema["x-kubernetes-int-or-string"] === true) {
    return typeof value === "string" || Number.isInteger(value)
      ? undefined
      : invalid(path, value, `${path} in body must be of type integer,string: "${typeOf(value)}"`);
  }
  if (schema.type === undefined || typeMatches(schema.type, value)) return undefined;
  return invalid(
    path,
    typeOf(value),
    `${path} in body must be of type ${schema.type}: "${typeOf(value)}"`,
  );
};

const checkEnum: Check = (schema, value, path) => {
  if (schema.enum === undefined || value === null) return undefined;
  const text = JSON.stringify(value);
  if (schema.enum.some((allowed) => JSON.stringify(allowed) === text)) return undefined;
  return notSupported(
    path,
    value,
    schema.enum.map((v) => (typeof v === "string" ? v : JSON.stringify(v))),
  );
};

const checkPattern: Check = (schema, value, path) => {
  if (schema.pattern === undefined || typeof value !== "string") return undefined;
  if (new RegExp(schema.pattern, "u").test(value)) return undefined;
  return invalid(path, value, `${path} in body should match '${schema.pattern}'`);
};

const FORMATS: Readonly<Record<string, RegExp>> = {
  "date-time": /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/,
  ipv4: /^(\d{1,3}\.){3}\d{1,3}$/,
  byte: /^[A-Za-z0-9+/]*={0,2}$/,
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
};

const checkFormat: Check = (schema, value, path) => {
  const pattern = schema.format === undefined ? undefined : FORMATS[schema.format];
  if (pattern === undefined || typeof value !== "string" || pattern.test(value)) return undefined;
  return invalid(
    path,
    value,
    `${path} in body must be of type ${schema.format ?? ""}: ${JSON.stringify(value)}`,
  );
};

function belowMinimum(schema: StructuralSchema, value: number): boolean {
  const { minimum } = schema;
  if (minimum === undefined) return false;
  return schema.exclusiveMinimum === true ? value <= minimum : value < minimum;
}

function aboveMaximum(schema: StructuralSchema, value: number): boolean {
  const { maximum } = schema;
  if (maximum === undefined) return false;
  return schema.exclusiveMaximum === true ? value >= maximum : value > maximum;
}

const checkBounds: Check = (schema, value, path) => {
  if (typeof value !== "number") return undefined;
  if (belowMinimum(schema, value)) {
    const op = schema.exclusiveMinimum === true ? "greater than" : "greater than or equal to";
    return invalid(path, value, `${path} in body should be ${op} ${schema.minimum ?? 0}`);
  }
  if (aboveMaximum(schema, value)) {
    const op = schema.exclusiveMaximum === true ? "less than" : "less than or equal to";
    return invalid(path, value, `${path} in body should be ${op} ${schema.maximum ?? 0}`);
  }
  if (schema.multipleOf !== undefined && value % schema.multipleOf !== 0) {
    return invalid(path, value, `${path} in body should be a multiple of ${schema.multipleOf}`);
  }
  return undefined;
};

const checkLength: Check = (schema, value, path) => {
  if (typeof value !== "string") return undefined;
  const length = Buffer.byteLength(value, "utf8");
  if (schema.minLength !== undefined && length < schema.minLength) {
    return invalid(
      path,
      value,
      `${path} in body should be at least ${schema.minLength} chars long`,
    );
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    return {
      field: path,
      reason: "FieldValueTooLong",
      message: `Too long: may not be more than ${schema.maxLength} bytes`,
    };
  }
  return undefined;
};

const checkItems: Check = (schema, value, path) => {
  if (!Array.isArray(value)) return undefined;
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    return invalid(
      path,
      value.length,
      `${path} in body should have at least ${schema.minItems} items`,
    );
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    return {
      field: path,
      reason: "FieldValueTooLong",
      message: `Too many: ${value.length}: must have at most ${schema.maxItems} items`,
    };
  }
  if (
    schema.uniqueItems === true &&
    new Set(value.map((v) => JSON.stringify(v))).size !== value.length
  ) {
    return {
      field: path,
      reason: "FieldValueDuplicate",
      message: `Duplicate value: ${renderValue(value)}`,
    };
  }
  return undefined;
};

const checkProperties: Check = (schema, value, path) => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const count = Object.keys(value).length;
  if (schema.minProperties !== undefined && count < schema.minProperties) {
    return invalid(
      path,
      count,
      `${path} in body should have at least ${schema.minProperties} properties`,
    );
  }
  if (schema.maxProperties !== undefined && count > schema.maxProperties) {
    return invalid(
      path,
      count,
      `${path} in body should have at most ${schema.maxProperties} properties`,
    );
  }
  return undefined;
};

function passes(schema: StructuralSchema, value: unknown, path: string): boolean {
  const hasRequired =
    typeof value !== "object" ||
    value === null ||
    (schema.required ?? []).every((name) => Object.hasOwn(value, name));
  return hasRequired && CHECKS.every((check) => check(schema, value, path) === undefined);
}

const checkCombinators: Check = (schema, value, path) => {
  if (schema.anyOf !== undefined && !schema.anyOf.some((s) => passes(s, value, path))) {
    return invalid(path, value, `${path} in body must validate at least one schema (anyOf)`);
  }
  if (
    schema.oneOf !== undefined &&
    schema.oneOf.filter((s) => passes(s, value, path)).length !== 1
  ) {
    return invalid(path, value, `${path} in body must validate one and only one schema (oneOf)`);
  }
  if (schema.not !== undefined && passes(schema.not, value, path)) {
    return invalid(path, value, `${path} in body should not validate the schema (not)`);
  }
  return undefined;
};

const CHECKS: readonly Check[] = [
  checkType,
  checkEnum,
  checkPattern,
  checkFormat,
  checkBounds,
  checkLength,
  checkItems,
  checkProperties,
  checkCombinators,
];

/** Errors of `value` against the keywords of `schema` itself (children are not visited). */
export function checkValue(schema: StructuralSchema, value: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const check of CHECKS) {
    const cause = check(schema, value, path);
    if (cause !== undefined) {
      causes.push(cause);
      if (check === checkType) break;
    }
  }
  return causes;
}
