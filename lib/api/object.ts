// The envelope every velero.io object shares (kind, apiVersion, metadata, spec, status) and
// its schema, in Go's field order.
import { objectMetaSchema, type ObjectMeta } from "./meta.js";
import { enumOf, objectOf, optional, required, type FieldsOf, type Schema } from "./schema/dsl.js";

/**
 * A velero.io custom resource. `metadata` and `spec` are always present once decoded (Go
 * fills a missing struct with its zero value); `status` is absent until a controller writes it.
 */
export interface VeleroObject<K extends string, V extends string, S, St> {
  kind: K;
  apiVersion: V;
  metadata: ObjectMeta;
  spec: S;
  status?: St;
}

/** Schema of a whole object of `kind` in `apiVersion`, around its spec and status schemas. */
export function resourceSchema<K extends string, V extends string, S, St>(
  types: { readonly kind: K; readonly apiVersion: V },
  spec: Schema<S>,
  status: Schema<St>,
): Schema<VeleroObject<K, V, S, St>> {
  // The compiler cannot resolve FieldsOf over type parameters; each instantiation is exact.
  const fields = {
    kind: required(enumOf([types.kind], { inCrd: false }), { inCrd: false }),
    apiVersion: required(enumOf([types.apiVersion], { inCrd: false }), { inCrd: false }),
    metadata: required(objectMetaSchema, { go: "always", inCrd: false }),
    spec: required(spec, { go: "always", inCrd: false }),
    status: optional(status, { go: "always" }),
  };
  return objectOf<VeleroObject<K, V, S, St>>(
    fields as unknown as FieldsOf<VeleroObject<K, V, S, St>>,
  );
}
