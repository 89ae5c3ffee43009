// Go struct layouts for the JSON records Velero keeps in the bucket: field order, Go types
// and `omitempty` per field, so records encode byte for byte as encoding/json writes them
// and decode with Go's zero values for missing fields.
import { marshalOrdered, quoteGoString, sortUtf8 } from "../archive/index.js";

/**
 * How one Go field is encoded. `omitEmpty` mirrors the `omitempty` tag option; `pointer`
 * struct fields (`*T` with omitempty) are left out when absent, value struct fields are
 * always written.
 */
export type FieldSpec =
  | {
      readonly [K in OmittableKind]: { readonly kind: K; readonly omitEmpty?: boolean };
    }[OmittableKind]
  | { readonly [K in PlainKind]: { readonly kind: K } }[PlainKind]
  | { readonly kind: "struct"; readonly layout: GoStruct; readonly pointer?: boolean }
  | { readonly kind: "structList"; readonly layout: GoStruct };

/** Go types with an `omitempty` choice: string, int64, bool, []string, map[string][]string. */
type OmittableKind = "string" | "int" | "bool" | "stringList" | "listMap";
/** `*bool`, `*metav1.Time` (omitempty), `*int64` (omitempty), `map[string]string`. */
type PlainKind = "nullableBool" | "time" | "optionalInt" | "stringMap";

/** A Go struct: its JSON field names in declaration order. */
export type GoStruct = readonly (readonly [name: string, spec: FieldSpec])[];

type Json = Readonly<Record<string, unknown>>;

/** Encodes `value` (missing fields taking Go's zero values) as compact Go JSON. */
export function encodeStruct(layout: GoStruct, value: unknown): string {
  const record = asRecord(value) ?? {};
  const members: string[] = [];
  for (const [name, spec] of layout) {
    const encoded = encodeField(spec, record[name]);
    if (encoded !== undefined) members.push(`${quoteGoString(name)}:${encoded}`);
  }
  return `{${members.join(",")}}`;
}

/** A list of structs: `null` when absent, as Go writes a nil slice. */
export function encodeStructList(
  layout: GoStruct,
  values: readonly unknown[] | null | undefined,
): string {
  if (values === null || values === undefined) return "null";
  return `[${values.map((v) => encodeStruct(layout, v)).join(",")}]`;
}

type Kind = FieldSpec["kind"];
type SpecOf<K extends Kind> = Extract<FieldSpec, { kind: K }>;

/** Per Go type: its encoding (`undefined` = omitted) and its decoding (`undefined` = absent). */
interface FieldCodec<K extends Kind> {
  encode(spec: SpecOf<K>, value: unknown): string | undefined;
  decode(spec: SpecOf<K>, value: unknown): unknown;
}

const omits = (spec: { readonly omitEmpty?: boolean }): boolean => spec.omitEmpty === true;

const fieldCodecs: { readonly [K in Kind]: FieldCodec<K> } = {
  string: {
    encode: (spec, value) => {
      const text = typeof value === "string" ? value : "";
      return omits(spec) && text === "" ? undefined : quoteGoString(text);
    },
    decode: (spec, value) =>
      typeof value === "string" && value !== "" ? value : zero(spec.omitEmpty, ""),
  },
  int: {
    encode: (spec, value) => {
      const number = typeof value === "number" ? Math.trunc(value) : 0;
      return omits(spec) && number === 0 ? undefined : String(number);
    },
    decode: (spec, value) =>
      typeof value === "number" && value !== 0 ? value : zero(spec.omitEmpty, 0),
  },
  bool: {
    encode: (spec, value) => (omits(spec) && value !== true ? undefined : String(value === true)),
    decode: (spec, value) => (value === true ? true : zero(spec.omitEmpty, false)),
  },
  nullableBool: {
    encode: (_spec, value) => (typeof value === "boolean" ? String(value) : "null"),
    decode: (_spec, value) => (typeof value === "boolean" ? value : null),
  },
  time: {
    encode: (_spec, value) =>
      typeof value === "string" && value !== "" ? quoteGoString(value) : undefined,
    decode: (_spec, value) => (typeof value === "string" && value !== "" ? value : undefined),
  },
  optionalInt: {
    encode: (_spec, value) => (typeof value === "number" ? String(Math.trunc(value)) : undefined),
    decode: (_spec, value) => (typeof value === "number" ? value : undefined),
  },
  stringList: {
    encode: (spec, value) => encodeStringList(value, omits(spec)),
    decode: (spec, value) => decodeStringList(value, omits(spec)),
  },
  stringMap: {
    encode: (_spec, value) => encodeMap(value, false),
    decode: (_spec, value) => decodeMap(value, false),
  },
  listMap: {
    encode: (spec, value) => encodeMap(value, omits(spec)),
    decode: (spec, value) => decodeMap(value, omits(spec)),
  },
  struct: {
    encode: (spec, value) =>
      spec.pointer === true && asRecord(value) === undefined
        ? undefined
        : encodeStruct(spec.layout, value),
    decode: (spec, value) =>
      spec.pointer === true && asRecord(value) === undefined
        ? undefined
        : decodeStruct(spec.layout, value),
  },
  structList: {
    encode: (spec, value) => encodeStructList(spec.layout, Array.isArray(value) ? value : null),
    decode: (spec, value) =>
      Array.isArray(value) ? value.map((v) => decodeStruct(spec.layout, v)) : null,
  },
};

function encodeField(spec: FieldSpec, value: unknown): string | undefined {
  return (fieldCodecs[spec.kind] as FieldCodec<Kind>).encode(spec, value);
}

function encodeStringList(value: unknown, omitEmpty: boolean): string | undefined {
  const list = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === "string")
    : null;
  if (omitEmpty && (list === null || list.length === 0)) return undefined;
  return list === null ? "null" : `[${list.map(quoteGoString).join(",")}]`;
}

/** A Go map (keys sorted by bytes); `undefined` (omitted) only for an empty omitempty map. */
function encodeMap(value: unknown, omitEmpty: boolean): string | undefined {
  const record = asRecord(value);
  if (record === undefined) return omitEmpty ? undefined : "null";
  const keys = sortUtf8(Object.keys(record).filter((k) => record[k] !== undefined));
  if (omitEmpty && keys.length === 0) return undefined;
  return `{${keys.map((k) => `${quoteGoString(k)}:${marshalOrdered(record[k])}`).join(",")}}`;
}

/**
 * Decodes JSON into a plain object shaped by `layout`, as Go's decoder fills a struct:
 * missing or mistyped required fields get zero values (`""`, `0`, `false`, `null` for
 * slices and maps), missing omitempty fields stay absent, unknown fields are dropped.
 */
export function decodeStruct(layout: GoStruct, json: unknown): Record<string, unknown> {
  const record = asRecord(json) ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, spec] of layout) {
    const decoded = decodeField(spec, record[name]);
    if (decoded !== undefined) out[name] = decoded;
  }
  return out;
}

/** A list of structs; `null` or anything but an array decodes to an empty list. */
export function decodeStructList(layout: GoStruct, json: unknown): Record<string, unknown>[] {
  return Array.isArray(json) ? json.map((v) => decodeStruct(layout, v)) : [];
}

function decodeField(spec: FieldSpec, value: unknown): unknown {
  return (fieldCodecs[spec.kind] as FieldCodec<Kind>).decode(spec, value);
}

function zero<T>(omitEmpty: boolean | undefined, value: T): T | undefined {
  return omitEmpty === true ? undefined : value;
}

function decodeStringList(value: unknown, omitEmpty: boolean): string[] | null | undefined {
  if (!Array.isArray(value)) return omitEmpty ? undefined : null;
  const list = value.filter((v): v is string => typeof v === "string");
  return omitEmpty && list.length === 0 ? undefined : list;
}

function decodeMap(value: unknown, omitEmpty: boolean): Json | null | undefined {
  const record = asRecord(value);
  if (record === undefined) return omitEmpty ? undefined : null;
  return omitEmpty && Object.keys(record).length === 0 ? undefined : record;
}

function asRecord(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}
