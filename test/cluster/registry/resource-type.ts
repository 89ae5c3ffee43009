// What the API server knows about one served resource: names, scope, verbs, subresources and
// where its objects are stored, for built-in kinds and CustomResourceDefinition-defined ones.
import type { KubeObject } from "../cluster-api.js";
import type { StructuralSchema } from "../validation/structural-schema.js";
import type { VersionConversion } from "./conversions.js";

/** A column of a Table response (`additionalPrinterColumns` or a built-in printer). */
export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  readonly description?: string;
  readonly priority: number;
  /** For CRD columns: the JSONPath (without braces) evaluated against the object. */
  readonly jsonPath?: string;
}

/** Where a `scale` subresource reads and writes replicas (JSON paths such as `.spec.replicas`). */
export interface ScalePaths {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}

/**
 * One resource served at one group/version. Several versions of a resource share `storageKey`
 * (objects are stored once, as `storageApiVersion`, and converted by rewriting `apiVersion`
 * plus `conversion` where fields differ).
 */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
  readonly listKind: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  /** Subresource names served besides the main resource, e.g. `status`, `scale`, `log`. */
  readonly subresources: readonly string[];
  /** `group/resource`: the identity of the stored collection. */
  readonly storageKey: string;
  /** The apiVersion objects are stored with (`apps/v1`, `v1`). */
  readonly storageApiVersion: string;
  /** Field conversion to and from the stored form, when fields differ between versions. */
  readonly conversion?: VersionConversion;
  /** True when `status` is a subresource: main-resource writes keep the stored status. */
  readonly hasStatus: boolean;
  readonly scale?: ScalePaths;
  /** Name of the @kubernetes/client-node model class that describes built-in fields. */
  readonly model?: string;
  /** Structural schema of a custom resource version (validation, pruning, defaulting). */
  readonly schema?: StructuralSchema;
  /** CRD `additionalPrinterColumns`. */
  readonly printerColumns?: readonly PrinterColumn[];
  /** True for custom resources (no strategic merge patch, no protobuf). */
  readonly custom: boolean;
  /** CRD field selectors (`selectableFields`), as JSON paths. */
  readonly selectableFields?: readonly string[];
}

/** True for the type whose version objects are stored in. */
export function isStorageType(type: ResourceType): boolean {
  return groupVersion(type) === type.storageApiVersion;
}

/** `apps/v1` or `v1` for the core group. */
export function groupVersion(type: { readonly group: string; readonly version: string }): string {
  return type.group === "" ? type.version : `${type.group}/${type.version}`;
}

/** The object key inside a collection: `namespace/name`, or `name` for cluster-scoped kinds. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace === undefined || namespace === "" ? name : `${namespace}/${name}`;
}

/** The object's `metadata.namespace` as a key part ("" for cluster-scoped objects). */
export function namespaceOf(object: KubeObject): string {
  return object.metadata.namespace ?? "";
}

/** `deployments.apps` or `configmaps`: how error messages name a resource. */
export function qualifiedResource(type: {
  readonly group: string;
  readonly resource: string;
}): string {
  return type.group === "" ? type.resource : `${type.resource}.${type.group}`;
}
