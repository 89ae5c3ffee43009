// Turns schema nodes into the OpenAPI v3 (structural schema) form CRDs carry, the way
// controller-gen writes Velero's: properties sorted, `required` sorted, formats and markers.
import type { ArrayNode, FieldNode, ObjectNode, SchemaNode, StringNode } from "./dsl.js";

/** The subset of apiextensions.k8s.io/v1 JSONSchemaProps that velero.io CRDs use. */
export interface JSONSchemaProps {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  format?: string;
  description?: string;
  enum?: string[];
  default?: unknown;
  nullable?: boolean;
  minItems?: number;
  items?: JSONSchemaProps;
  properties?: Record<string, JSONSchemaProps>;
  required?: string[];
  additionalProperties?: JSONSchemaProps;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-list-type"?: string;
  "x-kubernetes-map-type"?: string;
  "x-kubernetes-int-or-string"?: boolean;
}

const STRING_FORMATS = { plain: undefined, duration: undefined, time: "date-time", bytes: "byte" };

function objectToOpenApi(node: ObjectNode): JSONSchemaProps {
  const out: JSONSchemaProps = { type: "object" };
  if (node.crdOpaque === true || node.fields.length === 0) return out;
  const sorted = [...node.fields].sort((a, b) => a.name.localeCompare(b.name, "en"));
  out.properties = Object.fromEntries(sorted.map((f) => [f.name, fieldToOpenApi(f)]));
  const required = sorted.filter((f) => f.crdRequired).map((f) => f.name);
  if (required.length > 0) out.required = required;
  if (node.mapType !== undefined) out["x-kubernetes-map-type"] = node.mapType;
  return out;
}

function stringToOpenApi(node: StringNode): JSONSchemaProps {
  const format = STRING_FORMATS[node.flavor];
  return {
    type: "string",
    ...(format === undefined ? {} : { format }),
    ...(node.enum !== undefined && node.enumInCrd ? { enum: [...node.enum] } : {}),
  };
}

function arrayToOpenApi(node: ArrayNode): JSONSchemaProps {
  return {
    type: "array",
    items: toOpenApi(node.items),
    ...(node.minItems === undefined ? {} : { minItems: node.minItems }),
    ...(node.listType === undefined ? {} : { "x-kubernetes-list-type": node.listType }),
    ...(node.preserveUnknownFields === true
      ? { "x-kubernetes-preserve-unknown-fields": true }
      : {}),
  };
}

/** The OpenAPI form of a schema node (without field-level description, nullable or default). */
export function toOpenApi(node: SchemaNode): JSONSchemaProps {
  switch (node.type) {
    case "string":
      return stringToOpenApi(node);
    case "integer":
      return { type: "integer", ...(node.format === undefined ? {} : { format: node.format }) };
    case "boolean":
      return { type: "boolean" };
    case "array":
      return arrayToOpenApi(node);
    case "map":
      return { type: "object", additionalProperties: toOpenApi(node.values) };
    case "object":
      return objectToOpenApi(node);
    case "unknown":
      return { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  }
}

/** The OpenAPI form of one struct field, with its description, `nullable` and `default`. */
export function fieldToOpenApi(field: FieldNode): JSONSchemaProps {
  return {
    ...toOpenApi(field.schema),
    ...(field.description === undefined ? {} : { description: field.description }),
    ...(field.nullable ? { nullable: true } : {}),
    ...(field.default === undefined ? {} : { default: field.default }),
  };
}
