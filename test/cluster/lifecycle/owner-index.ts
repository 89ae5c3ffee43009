// Which objects name which owner uid in their ownerReferences, kept current from the store's
// change stream so the garbage collector finds dependents without scanning everything.
import type { KubeObject } from "../cluster-api.js";
import type { ResourceStore } from "../store/resource-store.js";
import type { StoredEvent } from "../store/watch-history.js";

/** A stored object's address. */
export interface ObjectAddress {
  readonly storageKey: string;
  readonly namespace: string;
  readonly name: string;
}

function addressKey(address: ObjectAddress): string {
  return `${address.storageKey}|${address.namespace}|${address.name}`;
}

/** Maps owner uids to the addresses of their dependents. */
export class OwnerIndex {
  private readonly dependents = new Map<string, Map<string, ObjectAddress>>();
  private readonly ownersOf = new Map<string, string[]>();

  /** Indexes everything stored now and follows later changes; returns a stop function. */
  follow(store: ResourceStore): () => void {
    for (const key of store.keys())
      for (const object of store.list(key)) this.record(key, object, false);
    return store.history.subscribe("*", (event: StoredEvent) => {
      this.record(event.storageKey, event.object, event.type === "DELETED");
    });
  }

  /** Addresses of objects whose ownerReferences name `uid`. */
  dependentsOf(uid: string): ObjectAddress[] {
    return [...(this.dependents.get(uid)?.values() ?? [])];
  }

  private record(storageKey: string, object: KubeObject, deleted: boolean): void {
    const meta = object.metadata;
    const address = { storageKey, namespace: meta.namespace ?? "", name: meta.name ?? "" };
    const key = addressKey(address);
    this.forget(key);
    const uids = deleted ? [] : (meta.ownerReferences ?? []).map((ref) => ref.uid);
    if (uids.length === 0) return;
    this.ownersOf.set(key, uids);
    for (const uid of uids) this.dependentSet(uid).set(key, address);
  }

  private forget(key: string): void {
    for (const uid of this.ownersOf.get(key) ?? []) {
      const set = this.dependents.get(uid);
      set?.delete(key);
      if (set?.size === 0) this.dependents.delete(uid);
    }
    this.ownersOf.delete(key);
  }

  private dependentSet(uid: string): Map<string, ObjectAddress> {
    let set = this.dependents.get(uid);
    if (set === undefined) {
      set = new Map();
      this.dependents.set(uid, set);
    }
    return set;
  }
}
