// The in-process API of the local test cluster: what its simulated controllers, scheduler and
// kubelet use to read and change objects. It goes through the same storage, validation,
// defaulting, admission and watch machinery as the HTTP API, so a change made here is seen by
// kubectl and client-node watchers exactly as if it had come over HTTP.
import type { Readable } from "node:stream";

/** Object metadata as stored (a subset typed; everything else passes through). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  [field: string]: unknown;
}

/** A metadata.ownerReferences entry. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A resource type: `{group: "apps", version: "v1", resource: "deployments"}`; core group is "". */
export interface ResourceRef {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** Watch event types as the API sends them (bookmarks are an HTTP-only concern). */
export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

/** Options of {@link ClusterApi.list}. Selectors use the API's query syntax. */
export interface ListOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/** Options of {@link ClusterApi.delete}. */
export interface DeleteOptions {
  readonly propagationPolicy?: "Orphan" | "Background" | "Foreground";
  readonly gracePeriodSeconds?: number;
}

/**
 * An API failure, shaped like the `Status` object the HTTP API answers with:
 * `code` 404 reason `NotFound`, 409 `AlreadyExists` or `Conflict`, 422 `Invalid`, ...
 */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: Record<string, unknown>;

  constructor(code: number, reason: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.reason = reason;
    if (details !== undefined) this.details = details;
  }
}

/**
 * Synchronous access to the cluster's objects. Every call behaves as the corresponding HTTP
 * request would (uid, resourceVersion and timestamps assigned on create; optimistic
 * concurrency on update when `metadata.resourceVersion` is set; finalizers and
 * deletionTimestamp on delete; garbage collection of dependents) and throws {@link ApiError}
 * with the HTTP status the API would have answered.
 */
export interface ClusterApi {
  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined;
  list(ref: ResourceRef, options?: ListOptions): KubeObject[];
  create(ref: ResourceRef, object: KubeObject): KubeObject;
  /** Replaces the object (or only its status with `subresource: "status"`). */
  update(ref: ResourceRef, object: KubeObject, options?: { subresource?: "status" }): KubeObject;
  delete(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    options?: DeleteOptions,
  ): void;
  /**
   * Calls `handler` for every change from now on (events are delivered after the change is
   * stored, in resourceVersion order). Returns a function that stops the watch.
   */
  watch(
    ref: ResourceRef,
    handler: (type: WatchEventType, object: KubeObject) => void,
    options?: { readonly namespace?: string },
  ): () => void;
}

/** Options of a `pods/log` read, as the query parameters of the HTTP request give them. */
export interface PodLogOptions {
  readonly container?: string;
  readonly follow?: boolean;
  readonly previous?: boolean;
  readonly tailLines?: number;
  readonly sinceSeconds?: number;
  readonly timestamps?: boolean;
  readonly limitBytes?: number;
}

/**
 * Where the HTTP API gets `pods/log` from: the simulated kubelet. Throws {@link ApiError}
 * (400 when the container name is needed or wrong, 404 when the pod is unknown).
 */
export interface PodLogSource {
  readLog(pod: KubeObject, options: PodLogOptions): Readable;
}
