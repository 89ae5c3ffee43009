// What every API operation needs: storage, the served resources, time, per-kind strategies and
// the background workers (garbage collector, namespace finalizer) writes hand work to.
import type { Clock } from "../../../lib/clock.js";
import type { Logger } from "../../../lib/log.js";
import type { KubeObject } from "../cluster-api.js";
import type { ResourceRegistry } from "../registry/resource-registry.js";
import type { ResourceType } from "../registry/resource-type.js";
import type { ResourceStore } from "../store/resource-store.js";
import type { ListSnapshots } from "./list-objects.js";

/** How unknown or duplicate fields in a request body are treated (`fieldValidation`). */
export type FieldValidation = "Strict" | "Warn" | "Ignore";

/** Options common to create, update and patch. */
export interface WriteOptions {
  readonly dryRun?: boolean;
  readonly fieldValidation?: FieldValidation;
  readonly fieldManager?: string;
  /** `status` or `scale` when the write addresses a subresource. */
  readonly subresource?: string;
  /** Receives warnings (sent back as `Warning` headers over HTTP). */
  readonly warnings?: string[];
}

/** A field-level validation failure, as `details.causes[]` of a 422 Invalid Status. */
export interface FieldCause {
  readonly field: string;
  readonly reason:
    | "FieldValueRequired"
    | "FieldValueInvalid"
    | "FieldValueNotSupported"
    | "FieldValueNotFound"
    | "FieldValueDuplicate"
    | "FieldValueForbidden"
    | "FieldValueTypeInvalid"
    | "FieldValueTooLong";
  readonly message: string;
}

/** Per-kind behaviour, like a real API server's registry strategies and admission plugins. */
export interface KindStrategy {
  /** Fills defaults and server-set fields of a new object (may read other objects). */
  prepareCreate?(object: KubeObject, ctx: ApiContext, options: WriteOptions): void;
  /** Adjusts an updated object given the stored one. */
  prepareUpdate?(object: KubeObject, old: KubeObject, ctx: ApiContext): void;
  /** Field errors that make the write fail with 422 Invalid. */
  validate?(object: KubeObject, old: KubeObject | undefined, ctx: ApiContext): FieldCause[];
  /** Runs after the object was stored by a create (never on dry run). */
  afterCreate?(object: KubeObject, ctx: ApiContext): void;
  /** Runs after the object was stored by an update (never on dry run). */
  afterUpdate?(object: KubeObject, old: KubeObject, ctx: ApiContext): void;
  /** Runs after a delete request gave the object its deletionTimestamp (it still exists). */
  onDeleting?(object: KubeObject, ctx: ApiContext): void;
  /** Runs after the object was removed from storage. */
  afterDelete?(object: KubeObject, ctx: ApiContext): void;
}

/** Background work that follows writes. */
export interface Workers {
  /** An object was removed: its dependents may need collecting. */
  ownerRemoved(type: ResourceType, object: KubeObject): void;
  /** An object is being deleted with foreground or orphan propagation. */
  ownerDeleting(type: ResourceType, object: KubeObject): void;
  /** A namespace got its deletionTimestamp: empty it, then finalize it. */
  namespaceDeleting(name: string): void;
}

/** Shared state of one cluster's API. */
export interface ApiContext {
  readonly store: ResourceStore;
  readonly registry: ResourceRegistry;
  readonly clock: Clock;
  readonly log: Logger;
  readonly clusterName: string;
  readonly strategies: ReadonlyMap<string, KindStrategy>;
  readonly workers: Workers;
  readonly snapshots: ListSnapshots;
  /** True when a kubelet runs pods: scheduled pods then terminate gracefully on delete. */
  readonly gracefulPodDeletion: () => boolean;
  /** PEM of the cluster CA, published as the `kube-root-ca.crt` ConfigMap. */
  readonly caCertificate: string;
}

/** RFC 3339 timestamp with second precision, as metadata timestamps are written. */
export function timestamp(clock: Clock, offsetSeconds = 0): string {
  const ms = clock.now().getTime() + offsetSeconds * 1000;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
