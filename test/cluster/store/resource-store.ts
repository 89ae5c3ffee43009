// Objects of every collection in memory, one global resourceVersion counter, and the change
// history watches replay from. Stored objects are never mutated: every write stores a new one.
import type { Logger } from "../../../lib/log.js";
import type { KubeObject, WatchEventType } from "../cluster-api.js";
import type { Journal, JournalState } from "./journal.js";
import { WatchHistory } from "./watch-history.js";

/**
 * One collection's objects by namespace and name, with sorted views cached so that a write
 * re-sorts only its own namespace and a list of all namespaces is a concatenation. Cached views
 * are replaced, never changed, so an array a caller got earlier stays as it was.
 */
class Collection {
  readonly namespaces = new Map<string, Map<string, KubeObject>>();
  size = 0;
  lastRevision = 0;
  private sorted: readonly KubeObject[] | undefined;
  private namespaceOrder: readonly string[] | undefined;
  private readonly sortedIn = new Map<string, readonly KubeObject[]>();

  get(namespace: string, name: string): KubeObject | undefined {
    return this.namespaces.get(namespace)?.get(name);
  }

  set(namespace: string, name: string, object: KubeObject): void {
    let names = this.namespaces.get(namespace);
    if (names === undefined) {
      names = new Map();
      this.namespaces.set(namespace, names);
      this.namespaceOrder = undefined;
    }
    if (!names.has(name)) this.size += 1;
    names.set(name, object);
    this.changed(namespace);
  }

  delete(namespace: string, name: string): void {
    const names = this.namespaces.get(namespace);
    if (names?.delete(name) !== true) return;
    this.size -= 1;
    if (names.size === 0) {
      this.namespaces.delete(namespace);
      this.namespaceOrder = undefined;
    }
    this.changed(namespace);
  }

  all(): readonly KubeObject[] {
    if (this.sorted === undefined) {
      this.namespaceOrder ??= [...this.namespaces.keys()].sort();
      const out: KubeObject[] = [];
      for (const namespace of this.namespaceOrder) {
        for (const object of this.inNamespace(namespace)) out.push(object);
      }
      this.sorted = out;
    }
    return this.sorted;
  }

  inNamespace(namespace: string): readonly KubeObject[] {
    let objects = this.sortedIn.get(namespace);
    if (objects === undefined) {
      objects = sortedByName(this.namespaces.get(namespace));
      if (objects.length > 0) this.sortedIn.set(namespace, objects);
    }
    return objects;
  }

  private changed(namespace: string): void {
    this.sortedIn.delete(namespace);
    this.sorted = undefined;
  }
}

function sortedByName(names: Map<string, KubeObject> | undefined): KubeObject[] {
  if (names === undefined) return [];
  return [...names.keys()].sort().map((name) => names.get(name) as KubeObject);
}

/** Options of {@link ResourceStore}. */
export interface ResourceStoreOptions {
  readonly log: Logger;
  /** How many events watches can replay (older resourceVersions get 410 Gone). */
  readonly historySize?: number;
  readonly journal?: Journal;
  readonly initial?: JournalState;
}

/**
 * The cluster's storage. Collections are keyed by `group/resource`; objects by namespace
 * ("" for cluster-scoped) and name. Every write takes the next revision and is journaled,
 * kept in the history and delivered to subscribers.
 */
export class ResourceStore {
  readonly history: WatchHistory;
  private revision: number;
  private readonly collections = new Map<string, Collection>();
  private readonly journal: Journal | undefined;

  constructor(options: ResourceStoreOptions) {
    this.journal = options.journal;
    this.revision = options.initial?.revision ?? 1;
    for (const [key, objects] of options.initial?.objects ?? []) {
      const collection = this.collection(key);
      for (const object of objects) {
        collection.set(object.metadata.namespace ?? "", object.metadata.name ?? "", object);
      }
    }
    this.history = new WatchHistory({
      capacity: options.historySize ?? 50_000,
      compactedThrough: this.revision,
      log: options.log,
    });
  }

  /** The last revision handed out (the resourceVersion of a list taken now). */
  get currentRevision(): number {
    return this.revision;
  }

  /** The revision of the last write to `storageKey` (0 when never written since start). */
  lastWrite(storageKey: string): number {
    return this.collections.get(storageKey)?.lastRevision ?? 0;
  }

  get(storageKey: string, namespace: string, name: string): KubeObject | undefined {
    return this.collections.get(storageKey)?.get(namespace, name);
  }

  /** Objects sorted by namespace then name; the returned array must not be modified. */
  list(storageKey: string, namespace?: string): readonly KubeObject[] {
    const collection = this.collections.get(storageKey);
    if (collection === undefined) return [];
    return namespace === undefined ? collection.all() : collection.inNamespace(namespace);
  }

  count(storageKey: string, namespace?: string): number {
    const collection = this.collections.get(storageKey);
    if (namespace === undefined) return collection?.size ?? 0;
    return collection?.namespaces.get(namespace)?.size ?? 0;
  }

  /** Namespaces holding at least one object of `storageKey`. */
  namespacesOf(storageKey: string): string[] {
    return [...(this.collections.get(storageKey)?.namespaces.keys() ?? [])];
  }

  /** Every collection key that has ever held an object. */
  keys(): string[] {
    return [...this.collections.keys()];
  }

  /**
   * Stores `object` (a fresh object the caller no longer changes) with the next revision as
   * its `metadata.resourceVersion`, and returns it.
   */
  write(
    storageKey: string,
    object: KubeObject,
    type: Exclude<WatchEventType, "DELETED">,
  ): KubeObject {
    const revision = this.nextRevision();
    object.metadata.resourceVersion = String(revision);
    const collection = this.collection(storageKey);
    const namespace = object.metadata.namespace ?? "";
    const name = object.metadata.name ?? "";
    const previous = collection.get(namespace, name);
    collection.set(namespace, name, object);
    collection.lastRevision = revision;
    this.journal?.record({ op: "put", key: storageKey, object });
    this.history.append(
      previous === undefined
        ? { type, storageKey, revision, object }
        : { type, storageKey, revision, object, previous },
    );
    return object;
  }

  /** Removes the object; the DELETED event carries it with the deletion's revision. */
  remove(storageKey: string, namespace: string, name: string): KubeObject | undefined {
    const collection = this.collections.get(storageKey);
    const current = collection?.get(namespace, name);
    if (collection === undefined || current === undefined) return undefined;
    const revision = this.nextRevision();
    const object = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: String(revision) },
    };
    collection.delete(namespace, name);
    collection.lastRevision = revision;
    this.journal?.record({ op: "delete", key: storageKey, namespace, name, revision });
    this.history.append({ type: "DELETED", storageKey, revision, object, previous: current });
    return object;
  }

  /** Drops a whole collection without events (used when a CRD and its objects go away). */
  dropCollection(storageKey: string): void {
    this.collections.delete(storageKey);
  }

  private nextRevision(): number {
    this.revision += 1;
    return this.revision;
  }

  private collection(storageKey: string): Collection {
    let collection = this.collections.get(storageKey);
    if (collection === undefined) {
      collection = new Collection();
      this.collections.set(storageKey, collection);
    }
    return collection;
  }
}
