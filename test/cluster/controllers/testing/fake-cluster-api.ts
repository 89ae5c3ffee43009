// A small in-memory ClusterApi for the controllers' and kubelet's unit tests: uids,
// resourceVersions, generation, generateName, optimistic concurrency, the status subresource,
// graceful pod deletion, finalizers, ownerReference garbage collection and synchronous watches.
import { randomUUID } from "node:crypto";
import {
  ApiError,
  type ClusterApi,
  type DeleteOptions,
  type KubeObject,
  type ListOptions,
  type ResourceRef,
  type WatchEventType,
} from "../../cluster-api.js";

type Handler = (type: WatchEventType, object: KubeObject) => void;

interface Watcher {
  readonly handler: Handler;
  readonly namespace: string | undefined;
}

const refKey = (ref: ResourceRef): string => `${ref.group}/${ref.resource}`;
const objKey = (namespace: string | undefined, name: string): string =>
  `${namespace ?? ""}/${name}`;

/** See the file comment. `calls` counts API calls per verb, for tests that assert load. */
export class FakeClusterApi implements ClusterApi {
  readonly calls = { get: 0, list: 0, create: 0, update: 0, delete: 0, watch: 0 };
  private readonly stores = new Map<string, Map<string, KubeObject>>();
  private readonly refs = new Map<string, ResourceRef>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private revision = 0;

  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined {
    this.calls.get++;
    const found = this.store(ref).get(objKey(namespace, name));
    return found === undefined ? undefined : structuredClone(found);
  }

  list(ref: ResourceRef, options: ListOptions = {}): KubeObject[] {
    this.calls.list++;
    return [...this.store(ref).values()]
      .filter((o) => options.namespace === undefined || o.metadata.namespace === options.namespace)
      .filter((o) => matchesSimpleSelector(options.labelSelector, o.metadata.labels ?? {}))
      .filter((o) => matchesFieldSelector(options.fieldSelector, o))
      .map((o) => structuredClone(o));
  }

  create(ref: ResourceRef, object: KubeObject): KubeObject {
    this.calls.create++;
    const stored = structuredClone(object);
    const meta = stored.metadata;
    if (meta.name === undefined && meta.generateName !== undefined) {
      meta.name = meta.generateName + randomUUID().replaceAll("-", "").slice(0, 5);
    }
    const name = meta.name ?? "";
    if (name === "") throw new ApiError(422, "Invalid", "metadata.name: Required value");
    if (this.store(ref).has(objKey(meta.namespace, name))) {
      throw new ApiError(409, "AlreadyExists", `${ref.resource} "${name}" already exists`);
    }
    meta.uid = randomUUID();
    meta.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    meta.generation = 1;
    return this.put(ref, stored, "ADDED");
  }

  update(
    ref: ResourceRef,
    object: KubeObject,
    options: { subresource?: "status" } = {},
  ): KubeObject {
    this.calls.update++;
    const current = this.existing(ref, object.metadata.namespace, object.metadata.name ?? "");
    const wanted = object.metadata.resourceVersion;
    if (wanted !== undefined && wanted !== current.metadata.resourceVersion) {
      throw new ApiError(409, "Conflict", `Operation cannot be fulfilled on ${ref.resource}`);
    }
    const next =
      options.subresource === "status" ? withStatus(current, object) : withSpec(current, object);
    const finalized = (next.metadata.finalizers ?? []).length === 0;
    if (next.metadata.deletionTimestamp !== undefined && finalized && !isGracefulPod(ref, next)) {
      return this.remove(ref, next);
    }
    return this.put(ref, next, "MODIFIED");
  }

  delete(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): void {
    this.calls.delete++;
    const current = this.existing(ref, namespace, name);
    const graceful = isGracefulPod(ref, current) && options.gracePeriodSeconds !== 0;
    if ((current.metadata.finalizers ?? []).length === 0 && !graceful) {
      this.remove(ref, current, options.propagationPolicy);
      return;
    }
    if (current.metadata.deletionTimestamp !== undefined) return;
    const next = structuredClone(current);
    next.metadata.deletionTimestamp = new Date().toISOString();
    const spec = next["spec"] as { terminationGracePeriodSeconds?: number } | undefined;
    next.metadata.deletionGracePeriodSeconds =
      options.gracePeriodSeconds ?? spec?.terminationGracePeriodSeconds ?? 30;
    this.put(ref, next, "MODIFIED");
  }

  private existing(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject {
    const current = this.store(ref).get(objKey(namespace, name));
    if (current === undefined) throw notFound(ref, name);
    return current;
  }

  watch(
    ref: ResourceRef,
    handler: Handler,
    options: { readonly namespace?: string } = {},
  ): () => void {
    this.calls.watch++;
    this.store(ref);
    const watchers = this.watchers.get(refKey(ref)) ?? new Set<Watcher>();
    this.watchers.set(refKey(ref), watchers);
    const watcher: Watcher = { handler, namespace: options.namespace };
    watchers.add(watcher);
    return () => watchers.delete(watcher);
  }

  /** Number of watches currently open on `ref`. */
  watchCount(ref: ResourceRef): number {
    return this.watchers.get(refKey(ref))?.size ?? 0;
  }

  private store(ref: ResourceRef): Map<string, KubeObject> {
    const key = refKey(ref);
    let store = this.stores.get(key);
    if (store === undefined) {
      store = new Map();
      this.stores.set(key, store);
      this.refs.set(key, ref);
    }
    return store;
  }

  private put(ref: ResourceRef, object: KubeObject, type: WatchEventType): KubeObject {
    object.metadata.resourceVersion = String(++this.revision);
    this.store(ref).set(objKey(object.metadata.namespace, object.metadata.name ?? ""), object);
    this.notify(ref, type, object);
    return structuredClone(object);
  }

  private remove(ref: ResourceRef, object: KubeObject, policy?: string): KubeObject {
    this.store(ref).delete(objKey(object.metadata.namespace, object.metadata.name ?? ""));
    object.metadata.resourceVersion = String(++this.revision);
    this.notify(ref, "DELETED", object);
    if (policy !== "Orphan") this.collectDependents(object.metadata.uid ?? "");
    return structuredClone(object);
  }

  private collectDependents(uid: string): void {
    for (const [key, store] of this.stores) {
      const ref = this.refs.get(key);
      if (ref === undefined) continue;
      for (const dependent of [...store.values()]) {
        const owners = dependent.metadata.ownerReferences ?? [];
        if (!owners.some((o) => o.uid === uid)) continue;
        if (
          store.get(objKey(dependent.metadata.namespace, dependent.metadata.name ?? "")) ===
          undefined
        )
          continue;
        this.delete(ref, dependent.metadata.namespace, dependent.metadata.name ?? "");
      }
    }
  }

  private notify(ref: ResourceRef, type: WatchEventType, object: KubeObject): void {
    for (const watcher of this.watchers.get(refKey(ref)) ?? []) {
      if (watcher.namespace !== undefined && watcher.namespace !== object.metadata.namespace)
        continue;
      watcher.handler(type, structuredClone(object));
    }
  }
}

function notFound(ref: ResourceRef, name: string): ApiError {
  return new ApiError(404, "NotFound", `${ref.resource} "${name}" not found`);
}

function isGracefulPod(ref: ResourceRef, object: KubeObject): boolean {
  const spec = object["spec"] as { nodeName?: string } | undefined;
  return ref.group === "" && ref.resource === "pods" && (spec?.nodeName ?? "") !== "";
}

function withStatus(current: KubeObject, object: KubeObject): KubeObject {
  return { ...structuredClone(current), status: structuredClone(object["status"]) };
}

function withSpec(current: KubeObject, object: KubeObject): KubeObject {
  const next = { ...structuredClone(object), status: structuredClone(current["status"]) };
  next.metadata = { ...next.metadata, uid: current.metadata.uid };
  if (specOf(next) !== specOf(current)) {
    next.metadata.generation = (current.metadata.generation ?? 1) + 1;
  }
  return next;
}

function specOf(object: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = object;
  return JSON.stringify(rest);
}

/** Equality terms only (`a=b,c==d,e!=f`): enough for the tests. */
function matchesSimpleSelector(
  selector: string | undefined,
  labels: Record<string, string>,
): boolean {
  if (selector === undefined || selector === "") return true;
  return selector.split(",").every((term) => {
    const negated = term.includes("!=");
    const [key = "", value = ""] = term.split(/!=|==|=/);
    return negated ? labels[key.trim()] !== value.trim() : labels[key.trim()] === value.trim();
  });
}

function matchesFieldSelector(selector: string | undefined, object: KubeObject): boolean {
  if (selector === undefined || selector === "") return true;
  return selector.split(",").every((term) => {
    const [path = "", value = ""] = term.split("=");
    let current: unknown = object;
    for (const part of path.split("."))
      current = (current as Record<string, unknown> | undefined)?.[part];
    return typeof current === "string" ? current === value : value === "";
  });
}
