// Field knowledge of built-in kinds, derived at runtime from @kubernetes/client-node's generated
// models: walks a request body, drops unknown fields (as Go decoding does) and reports them
// and type mismatches the way the real server's strict decoder does.
import * as models from "@kubernetes/client-node";

interface Attribute {
  readonly baseName: string;
  readonly type: string;
  readonly format: string;
}

type AttributeMap = ReadonlyMap<string, Attribute>;

const modelCache = new Map<string, AttributeMap | null>();

/** Attributes of a client-node model by JSON name, or undefined when the model is unknown. */
export function modelAttributes(model: string): AttributeMap | undefined {
  let cached = modelCache.get(model);
  if (cached === undefined) {
    const candidate = (models as unknown as Record<string, unknown>)[model] as
      { getAttributeTypeMap?: () => Attribute[] } | undefined;
    const list =
      typeof candidate?.getAttributeTypeMap === "function"
        ? candidate.getAttributeTypeMap()
        : undefined;
    cached = list === undefined ? null : new Map(list.map((a) => [a.baseName, a]));
    modelCache.set(model, cached);
  }
  return cached ?? undefined;
}

/** What {@link decodeBuiltin} found besides the cleaned value. */
export interface DecodeFindings {
  /** JSON paths of unknown fields (`spec.template.spec.containers[0].foo`). */
  readonly unknownFields: string[];
  /** Go-json-style type mismatch messages. */
  readonly typeErrors: string[];
}

const QUANTITY_FIELDS = new Set([
  "limits",
  "requests",
  "capacity",
  "allocatable",
  "hard",
  "used",
  "min",
  "max",
  "default",
  "defaultRequest",
  "maxLimitRequestRatio",
  "overhead",
  "sizeLimit",
  "allocatedResources",
]);

interface Walk {
  readonly findings: DecodeFindings;
  /** JSON path with indices, for unknown-field messages. */
  readonly path: string;
  /** Go-struct path (no indices) and the struct holding the field, for type errors. */
  readonly goPath: string;
  readonly goStruct: string;
  readonly field: string;
}

function child(walk: Walk, segment: string, index?: number): Walk {
  const path =
    index === undefined
      ? walk.path === ""
        ? segment
        : `${walk.path}.${segment}`
      : `${walk.path}[${index}]`;
  return {
    ...walk,
    path,
    goPath: index === undefined ? `${walk.goPath}.${segment}` : walk.goPath,
    field: index === undefined ? segment : walk.field,
  };
}

function typeError(walk: Walk, got: string, goType: string): unknown {
  walk.findings.typeErrors.push(
    `json: cannot unmarshal ${got} into Go struct field ${walk.goStruct}${walk.goPath} of type ${goType}`,
  );
  return undefined;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value === "object" ? "object" : typeof value;
}

type PrimitiveDecoder = (value: unknown, format: string, walk: Walk) => unknown;

const decodeString: PrimitiveDecoder = (value, _format, walk) => {
  if (typeof value === "string") return value;
  if (typeof value === "number" && QUANTITY_FIELDS.has(walk.field)) return String(value);
  return typeError(walk, jsonKind(value), "string");
};

const PRIMITIVES: Readonly<Record<string, PrimitiveDecoder>> = {
  string: decodeString,
  Date: decodeString,
  number: (value, format, walk) => {
    if (typeof value === "number" && (format === "double" || Number.isInteger(value))) return value;
    const got = typeof value === "number" ? `number ${value}` : jsonKind(value);
    return typeError(walk, got, format === "" ? "int32" : format);
  },
  boolean: (value, _format, walk) =>
    typeof value === "boolean" ? value : typeError(walk, jsonKind(value), "bool"),
  IntOrString: (value, _format, walk) =>
    typeof value === "string" || typeof value === "number"
      ? value
      : typeError(walk, jsonKind(value), "intstr.IntOrString"),
};

function decodePrimitive(type: string, format: string, value: unknown, walk: Walk): unknown {
  const decoder = Object.hasOwn(PRIMITIVES, type) ? PRIMITIVES[type] : undefined;
  return decoder === undefined ? value : decoder(value, format, walk);
}

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodeArray(itemType: string, format: string, value: unknown, walk: Walk): unknown {
  if (!Array.isArray(value)) return typeError(walk, jsonKind(value), `[]${goName(itemType)}`);
  return value.map((item, i) => decodeValue(itemType, format, item, child(walk, "", i)) ?? null);
}

function decodeMap(valueType: string, format: string, value: unknown, walk: Walk): unknown {
  if (!isPlainObject(value))
    return typeError(walk, jsonKind(value), `map[string]${goName(valueType)}`);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const decoded = decodeValue(valueType, format, item, { ...walk, path: `${walk.path}.${key}` });
    if (decoded !== undefined) out[key] = decoded;
  }
  return out;
}

function decodeValue(type: string, format: string, value: unknown, walk: Walk): unknown {
  if (value === null) return undefined;
  const arrayOf = ARRAY.exec(type)?.[1];
  if (arrayOf !== undefined) return decodeArray(arrayOf, format, value, walk);
  const mapOf = MAP.exec(type)?.[1];
  if (mapOf !== undefined) return decodeMap(mapOf, format, value, walk);
  const attributes = modelAttributes(type);
  if (attributes === undefined) return decodePrimitive(type, format, value, walk);
  if (!isPlainObject(value)) return typeError(walk, jsonKind(value), goName(type));
  return decodeModel(attributes, value, { ...walk, goStruct: goName(type) });
}

function goName(model: string): string {
  return model.replace(
    /^(V\d+((alpha|beta)\d+)?|Core|Events|Storage|Discovery|Authentication)(V\d+)?/,
    "",
  );
}

function decodeModel(
  attributes: AttributeMap,
  value: Record<string, unknown>,
  walk: Walk,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const attribute = attributes.get(key);
    const next = child(walk, key);
    if (attribute === undefined) {
      walk.findings.unknownFields.push(next.path);
      continue;
    }
    const decoded = decodeValue(attribute.type, attribute.format, item, next);
    if (decoded !== undefined) out[key] = decoded;
  }
  return out;
}

/**
 * Decodes `body` as the client-node model `model`: returns the body without unknown fields
 * and nulls, and fills `findings`. Unknown models pass through unchanged.
 */
export function decodeBuiltin(
  model: string,
  body: Record<string, unknown>,
  findings: DecodeFindings,
): Record<string, unknown> {
  const attributes = modelAttributes(model);
  if (attributes === undefined) return body;
  return decodeModel(attributes, body, {
    findings,
    path: "",
    goPath: "",
    goStruct: goName(model),
    field: "",
  });
}
