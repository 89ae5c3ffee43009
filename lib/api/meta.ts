// The Kubernetes types velero.io objects embed (ObjectMeta subset, selectors, references), with
// their schemas in Go field order.
import {
  arrayOf,
  bool,
  int64,
  mapOf,
  objectOf,
  optional,
  required,
  str,
  time,
  unknownObject,
} from "./schema/dsl.js";
import type { Time } from "./time.js";

/** metav1.OwnerReference. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** metav1.ManagedFieldsEntry: server-side apply bookkeeping; `fieldsV1` is kept verbatim. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: Time;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/** The metav1.ObjectMeta fields this project reads and writes. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  selfLink?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: Time;
  deletionTimestamp?: Time;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

/** One metav1.LabelSelectorRequirement (`In`, `NotIn`, `Exists`, `DoesNotExist`). */
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** corev1.TypedLocalObjectReference (Velero uses it for ConfigMaps: `kind: configmap`). */
export interface TypedLocalObjectReference {
  apiGroup?: string;
  kind: string;
  name: string;
}

/** corev1.ObjectReference. */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** corev1.SecretKeySelector: a key of a Secret in the object's namespace. */
export interface SecretKeySelector {
  name?: string;
  key: string;
  optional?: boolean;
}

/** Schema of {@link OwnerReference}. */
export const ownerReferenceSchema = objectOf<OwnerReference>({
  apiVersion: required(str(), { go: "always" }),
  kind: required(str(), { go: "always" }),
  name: required(str(), { go: "always" }),
  uid: required(str(), { go: "always" }),
  controller: optional(bool(), { go: "omitnil" }),
  blockOwnerDeletion: optional(bool(), { go: "omitnil" }),
});

/** Schema of {@link ObjectMeta}; a bare `type: object` in CRDs. */
export const objectMetaSchema = objectOf<ObjectMeta>(
  {
    name: optional(str()),
    generateName: optional(str()),
    namespace: optional(str()),
    selfLink: optional(str()),
    uid: optional(str()),
    resourceVersion: optional(str()),
    generation: optional(int64()),
    creationTimestamp: optional(time(), { go: "always" }),
    deletionTimestamp: optional(time(), { go: "omitnil" }),
    deletionGracePeriodSeconds: optional(int64(), { go: "omitnil" }),
    labels: optional(mapOf(str())),
    annotations: optional(mapOf(str())),
    ownerReferences: optional(arrayOf(ownerReferenceSchema)),
    finalizers: optional(arrayOf(str())),
    managedFields: optional(
      arrayOf(
        objectOf<ManagedFieldsEntry>({
          manager: optional(str()),
          operation: optional(str()),
          apiVersion: optional(str()),
          time: optional(time(), { go: "omitnil" }),
          fieldsType: optional(str()),
          fieldsV1: optional(unknownObject(), { go: "omitnil" }),
          subresource: optional(str()),
        }),
      ),
    ),
  },
  { crdOpaque: true },
);

/** Schema of {@link LabelSelector}. */
export const labelSelectorSchema = objectOf<LabelSelector>(
  {
    matchLabels: optional(mapOf(str()), { description: "Labels an object must carry." }),
    matchExpressions: optional(
      arrayOf(
        objectOf<LabelSelectorRequirement>({
          key: required(str(), { go: "always" }),
          operator: required(str(), { go: "always" }),
          values: optional(arrayOf(str(), { listType: "atomic" })),
        }),
        { listType: "atomic" },
      ),
      { description: "Set-based requirements, all of which must hold." },
    ),
  },
  { mapType: "atomic" },
);

/** Schema of {@link TypedLocalObjectReference}. */
export const typedLocalObjectReferenceSchema = objectOf<TypedLocalObjectReference>(
  {
    apiGroup: optional(str(), { go: "alwaysOrNull" }),
    kind: required(str(), { go: "always" }),
    name: required(str(), { go: "always" }),
  },
  { mapType: "atomic" },
);

/** Schema of {@link ObjectReference}. */
export const objectReferenceSchema = objectOf<ObjectReference>(
  {
    kind: optional(str()),
    namespace: optional(str()),
    name: optional(str()),
    uid: optional(str()),
    apiVersion: optional(str()),
    resourceVersion: optional(str()),
    fieldPath: optional(str()),
  },
  { mapType: "atomic" },
);

/** Schema of {@link SecretKeySelector}. */
export const secretKeySelectorSchema = objectOf<SecretKeySelector>(
  {
    name: optional(str(), { default: "", description: "Name of the Secret." }),
    key: required(str(), { go: "always", description: "Key within the Secret." }),
    optional: optional(bool(), { go: "omitnil" }),
  },
  { mapType: "atomic" },
);
