// The set of items a backup has written, keyed as Velero keys them, compact enough for
// hundreds of thousands of items; it also yields the backup's resource list.
import type { ResourceList } from "../../lib/backup-store/index.js";

/** An item's identity: `apiVersion/Kind` (e.g. `apps/v1/Deployment`), namespace, name. */
export interface ItemKey {
  /** `<apiVersion>/<Kind>`, Velero's resource key and the resource-list key. */
  readonly resource: string;
  /** `""` for cluster-scoped items. */
  readonly namespace: string;
  readonly name: string;
}

/**
 * Items already backed up. Stored as resource → namespace → names, so each namespace string
 * is held once per resource and each entry costs about one short string: 100,000 items take a
 * few megabytes.
 */
export class BackedUpItems {
  readonly #byResource = new Map<string, Map<string, Set<string>>>();
  #size = 0;

  /** Number of items. */
  get size(): number {
    return this.#size;
  }

  has(key: ItemKey): boolean {
    return this.#byResource.get(key.resource)?.get(key.namespace)?.has(key.name) === true;
  }

  /** Adds the item; false when it was already there. */
  add(key: ItemKey): boolean {
    let namespaces = this.#byResource.get(key.resource);
    if (namespaces === undefined) {
      namespaces = new Map();
      this.#byResource.set(key.resource, namespaces);
    }
    let names = namespaces.get(key.namespace);
    if (names === undefined) {
      names = new Set();
      namespaces.set(key.namespace, names);
    }
    if (names.has(key.name)) return false;
    names.add(key.name);
    this.#size++;
    return true;
  }

  /** Removes the item (an action asked to skip it); false when it was not there. */
  delete(key: ItemKey): boolean {
    const removed = this.#byResource.get(key.resource)?.get(key.namespace)?.delete(key.name);
    if (removed !== true) return false;
    this.#size--;
    return true;
  }

  /**
   * The `<b>-resource-list.json.gz` content: `{"v1/Pod": ["ns/name", ...], "v1/Namespace":
   * ["name"]}` (the encoder sorts keys and entries).
   */
  resourceList(): ResourceList {
    const list: Record<string, string[]> = {};
    for (const [resource, namespaces] of this.#byResource) {
      const entries: string[] = [];
      for (const [namespace, names] of namespaces) {
        for (const name of names) entries.push(namespace === "" ? name : `${namespace}/${name}`);
      }
      if (entries.length > 0) list[resource] = entries;
    }
    return list;
  }
}
