// An informer-like local cache of one resource type: fed by ClusterApi.watch, read by the
// controllers instead of listing through the API on every reconcile, with handlers for changes.
import type { ClusterApi, KubeObject, ResourceRef, WatchEventType } from "../cluster-api.js";

/** A change seen by the cache; `old` is the cached object before the change, when known. */
export interface CacheEvent<T extends KubeObject> {
  readonly type: WatchEventType;
  readonly object: T;
  readonly old?: T;
}

/** Handler of {@link CacheEvent}s; it must not throw and should only enqueue work. */
export type CacheHandler<T extends KubeObject> = (event: CacheEvent<T>) => void;

/**
 * The objects of one resource type, kept current by a watch. Objects handed out are shared:
 * callers must copy (`structuredClone`) before changing one.
 */
export class ObjectCache<T extends KubeObject = KubeObject> {
  private readonly byNamespace = new Map<string, Map<string, T>>();
  private readonly handlers = new Set<CacheHandler<T>>();
  private stopWatch: (() => void) | undefined;
  private readonly api: ClusterApi;
  readonly ref: ResourceRef;

  constructor(api: ClusterApi, ref: ResourceRef) {
    this.api = api;
    this.ref = ref;
  }

  /** Starts the watch and loads the current objects; idempotent. */
  start(): void {
    if (this.stopWatch !== undefined) return;
    this.stopWatch = this.api.watch(this.ref, (type, object) => {
      this.apply(type, object as T);
    });
    for (const object of this.api.list(this.ref)) this.store(object as T);
  }

  /** Stops the watch; the cached objects stay readable. */
  stop(): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
  }

  /** Registers a handler for later changes; returns its remover. */
  onChange(handler: CacheHandler<T>): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** The cached object, if any. */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.byNamespace.get(namespace ?? "")?.get(name);
  }

  /** Cached objects of one namespace, or of all namespaces when `namespace` is undefined. */
  list(namespace?: string): T[] {
    if (namespace !== undefined) return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    const all: T[] = [];
    for (const objects of this.byNamespace.values()) all.push(...objects.values());
    return all;
  }

  /**
   * Records an object this process just wrote (the result of a create or update), so the next
   * reconcile sees it even when the watch event is still on its way. Older versions never
   * replace newer ones.
   */
  record(object: T): void {
    const current = this.get(object.metadata.namespace, object.metadata.name ?? "");
    if (current !== undefined && !isNewer(object, current)) return;
    this.store(object);
  }

  /** Forgets an object this process just deleted outright. */
  forget(namespace: string | undefined, name: string): void {
    this.byNamespace.get(namespace ?? "")?.delete(name);
  }

  private apply(type: WatchEventType, object: T): void {
    const old = this.get(object.metadata.namespace, object.metadata.name ?? "");
    if (type === "DELETED") this.forget(object.metadata.namespace, object.metadata.name ?? "");
    else if (old === undefined || isNewer(object, old) || old === object) this.store(object);
    else return;
    const event: CacheEvent<T> = old === undefined ? { type, object } : { type, object, old };
    for (const handler of this.handlers) handler(event);
  }

  private store(object: T): void {
    const namespace = object.metadata.namespace ?? "";
    let objects = this.byNamespace.get(namespace);
    if (objects === undefined) {
      objects = new Map();
      this.byNamespace.set(namespace, objects);
    }
    objects.set(object.metadata.name ?? "", object);
  }
}

/** True unless both resourceVersions are numbers and `a`'s is lower than `b`'s. */
function isNewer(a: KubeObject, b: KubeObject): boolean {
  const left = a.metadata.resourceVersion ?? "";
  const right = b.metadata.resourceVersion ?? "";
  if (!/^\d+$/.test(left) || !/^\d+$/.test(right)) return true;
  return BigInt(left) >= BigInt(right);
}

/** One shared {@link ObjectCache} per resource type, created and started on first use. */
export class CacheSet {
  private readonly caches = new Map<string, ObjectCache>();
  private readonly api: ClusterApi;

  constructor(api: ClusterApi) {
    this.api = api;
  }

  /** The started cache of `ref`. */
  for<T extends KubeObject>(ref: ResourceRef): ObjectCache<T> {
    const key = `${ref.group}/${ref.resource}`;
    let cache = this.caches.get(key);
    if (cache === undefined) {
      cache = new ObjectCache(this.api, ref);
      cache.start();
      this.caches.set(key, cache);
    }
    return cache as unknown as ObjectCache<T>;
  }

  /** Stops every watch. */
  stop(): void {
    for (const cache of this.caches.values()) cache.stop();
  }
}
