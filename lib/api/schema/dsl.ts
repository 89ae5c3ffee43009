// The schema language every velero.io type is written in once: the compiler checks each schema
// against its TypeScript interface, and the CRD generator, decoders and Go encoder read it.

declare const typeTag: unique symbol;

/**
 * How Go's encoding/json writes a field, which only the Go-ordered encoder needs:
 * - `omitempty`: value type with `omitempty` (dropped when absent, `""`, `0`, `false`, empty);
 * - `omitnil`: pointer with `omitempty` (dropped only when absent; `false` and `0` are written);
 * - `always`: no `omitempty`, or a struct (written even when absent, as Go's zero value:
 *   `""`, `0`, `false`, `null` for slices, maps and times, `"0s"` for durations, `{...}` for structs);
 * - `alwaysOrNull`: pointer without `omitempty` (written as `null` when absent).
 */
export type GoEncoding = "omitempty" | "omitnil" | "always" | "alwaysOrNull";

/** What a string means beyond being a string; drives CRD `format`, decoding checks and zero values. */
export type StringFlavor = "plain" | "duration" | "time" | "bytes";

/** A string; `enum` lists allowed values, emitted in the CRD only when `enumInCrd`. */
export interface StringNode {
  readonly type: "string";
  readonly flavor: StringFlavor;
  readonly enum?: readonly string[];
  readonly enumInCrd: boolean;
}

/** An integer; Go `int` has no format, `int32`/`int64` are emitted as CRD formats. */
export interface IntegerNode {
  readonly type: "integer";
  readonly format?: "int32" | "int64";
}

/** A boolean. */
export interface BooleanNode {
  readonly type: "boolean";
}

/** A list. `listType` and `preserveUnknownFields` are copied into the CRD as Velero has them. */
export interface ArrayNode {
  readonly type: "array";
  readonly items: SchemaNode;
  readonly minItems?: number;
  readonly listType?: "atomic";
  readonly preserveUnknownFields?: boolean;
}

/** A map from string keys to `values` (a Go `map[string]T`). */
export interface MapNode {
  readonly type: "map";
  readonly values: SchemaNode;
}

/**
 * A struct with fields in Go declaration order. `crdOpaque` objects (ObjectMeta) appear in the
 * CRD as a bare `type: object`, as Kubernetes validates metadata itself.
 */
export interface ObjectNode {
  readonly type: "object";
  readonly fields: readonly FieldNode[];
  readonly mapType?: "atomic";
  readonly crdOpaque?: boolean;
}

/** A free-form object kept as-is (`x-kubernetes-preserve-unknown-fields`). */
export interface UnknownNode {
  readonly type: "unknown";
}

/** Runtime description of a schema. */
export type SchemaNode =
  StringNode | IntegerNode | BooleanNode | ArrayNode | MapNode | ObjectNode | UnknownNode;

/** Options of one struct field. */
export interface FieldOptions {
  /** CRD `nullable: true`, where Velero's CRD has it. */
  readonly nullable?: boolean;
  /** How Go writes the field; default `omitempty`. */
  readonly go?: GoEncoding;
  /** Short CRD description. */
  readonly description?: string;
  /** CRD `default`, where Velero's CRD has one. */
  readonly default?: string;
}

/** Runtime description of one struct field. */
export interface FieldNode {
  readonly name: string;
  readonly schema: SchemaNode;
  /** Present in every valid value (the TypeScript property is not optional). */
  readonly required: boolean;
  /** Listed in the CRD's `required`. */
  readonly crdRequired: boolean;
  readonly nullable: boolean;
  readonly go: GoEncoding;
  readonly description?: string;
  readonly default?: string;
}

/**
 * A schema for values of type `T`. The tag makes `Schema<T>` invariant in `T`, so a schema only
 * fits a property whose type is exactly `T`.
 */
export interface Schema<T> {
  readonly node: SchemaNode;
  readonly [typeTag]?: (value: T) => T;
}

/** A field schema; `R` says whether the field must be present. */
export interface Field<T, R extends boolean> {
  readonly schema: Schema<T>;
  readonly isRequired: R;
  readonly options: FieldOptions & { readonly inCrd?: boolean };
}

/**
 * The fields an {@link objectOf} schema of `T` must give: every property of `T`, no other,
 * optional properties through {@link optional}, required ones through {@link required}.
 */
export type FieldsOf<T> = {
  readonly [K in keyof T]-?: undefined extends T[K]
    ? Field<Exclude<T[K], undefined>, false>
    : Field<T[K], true>;
};

function schemaOf<T>(node: SchemaNode): Schema<T> {
  return { node };
}

/** A plain string. */
export function str(): Schema<string> {
  return schemaOf({ type: "string", flavor: "plain", enumInCrd: false });
}

/** A metav1.Duration: a Go duration string (`"720h0m0s"`), zero value `"0s"`. */
export function duration(): Schema<string> {
  return schemaOf({ type: "string", flavor: "duration", enumInCrd: false });
}

/** A metav1.Time: RFC 3339 (`format: date-time`), zero value `null`. */
export function time(): Schema<string> {
  return schemaOf({ type: "string", flavor: "time", enumInCrd: false });
}

/** A Go `[]byte`: base64 text (`format: byte`). */
export function bytes(): Schema<string> {
  return schemaOf({ type: "string", flavor: "bytes", enumInCrd: false });
}

/**
 * A string limited to `values` (pass the `as const` array the union type derives from).
 * `inCrd: false` keeps the enum out of the CRD where Velero's CRD has none.
 */
export function enumOf<const T extends string>(
  values: readonly T[],
  options: { readonly inCrd?: boolean } = {},
): Schema<T> {
  return schemaOf({
    type: "string",
    flavor: "plain",
    enum: values,
    enumInCrd: options.inCrd ?? true,
  });
}

/** A Go `int` (no CRD format). */
export function int(): Schema<number> {
  return schemaOf({ type: "integer" });
}

/** A Go `int32`. */
export function int32(): Schema<number> {
  return schemaOf({ type: "integer", format: "int32" });
}

/** A Go `int64`. */
export function int64(): Schema<number> {
  return schemaOf({ type: "integer", format: "int64" });
}

/** A boolean. */
export function bool(): Schema<boolean> {
  return schemaOf({ type: "boolean" });
}

/** A list of `items`. */
export function arrayOf<T>(
  items: Schema<T>,
  options: Omit<ArrayNode, "type" | "items"> = {},
): Schema<T[]> {
  return schemaOf({ type: "array", items: items.node, ...options });
}

/** A `map[string]T`. */
export function mapOf<T>(values: Schema<T>): Schema<Record<string, T>> {
  return schemaOf({ type: "map", values: values.node });
}

/** A free-form object (`x-kubernetes-preserve-unknown-fields: true`). */
export function unknownObject(): Schema<Record<string, unknown>> {
  return schemaOf({ type: "unknown" });
}

/** A struct: give `T` explicitly; the compiler then demands exactly `T`'s properties. */
export function objectOf<T>(
  fields: FieldsOf<T>,
  options: Omit<ObjectNode, "type" | "fields"> = {},
): Schema<T> {
  const nodes = Object.entries(fields as Record<string, Field<unknown, boolean>>).map(
    ([name, field]): FieldNode => ({
      name,
      schema: field.schema.node,
      required: field.isRequired,
      crdRequired: field.isRequired && field.options.inCrd !== false,
      nullable: field.options.nullable ?? false,
      go: field.options.go ?? "omitempty",
      ...(field.options.description === undefined
        ? {}
        : { description: field.options.description }),
      ...(field.options.default === undefined ? {} : { default: field.options.default }),
    }),
  );
  return schemaOf({ type: "object", fields: nodes, ...options });
}

/** A field that may be absent. */
export function optional<T>(schema: Schema<T>, options: FieldOptions = {}): Field<T, false> {
  return { schema, isRequired: false, options };
}

/**
 * A field every valid value has. `inCrd: false` keeps it out of the CRD's `required` list
 * (Go fills a missing struct with its zero value, so the API server does not demand it).
 */
export function required<T>(
  schema: Schema<T>,
  options: FieldOptions & { readonly inCrd?: boolean } = {},
): Field<T, true> {
  return { schema, isRequired: true, options };
}
