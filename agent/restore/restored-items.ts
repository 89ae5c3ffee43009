// Which items a restore has handled and how (created, updated, skipped, failed), keyed as Velero
// keys them, and the restore's resource list built from them.
import type { ResourceList } from "../../lib/backup-store/index.js";

/** The outcome recorded for an item in `restore-<r>-resource-list.json.gz`. */
export type ItemOutcome = "created" | "updated" | "skipped" | "failed";

/** An item as the restore tracks it. */
export interface ItemKey {
  /** `<apiVersion>/<Kind>` of the backed-up object, e.g. `apps/v1/Deployment`. */
  readonly resource: string;
  /** The target namespace (`""` for cluster-scoped items). */
  readonly namespace: string;
  /** The name in the backup. */
  readonly name: string;
}

interface ItemState {
  readonly key: ItemKey;
  outcome: ItemOutcome | undefined;
  exists: boolean;
  createdName: string | undefined;
}

function keyText(key: ItemKey): string {
  return `${key.resource}\u0000${key.namespace}\u0000${key.name}`;
}

/**
 * The set of items a restore has claimed. An item is claimed once (`claim` returns false the
 * second time, which is how Velero skips an item restored already, e.g. as another item's
 * additional item); its outcome is set when its restore ends.
 */
export class RestoredItems {
  readonly #items = new Map<string, ItemState>();

  /** Number of items claimed (Velero's `len(restoredItems)`, the progress count). */
  get size(): number {
    return this.#items.size;
  }

  /** Claims `key`; false when it was claimed before. */
  claim(key: ItemKey): boolean {
    const text = keyText(key);
    if (this.#items.has(text)) return false;
    this.#items.set(text, { key, outcome: undefined, exists: false, createdName: undefined });
    return true;
  }

  /** True when the item is known to exist in the cluster (created or found). */
  exists(key: ItemKey): boolean {
    return this.#items.get(keyText(key))?.exists ?? false;
  }

  /** Records that the item exists in the cluster. */
  markExists(key: ItemKey): void {
    const state = this.#items.get(keyText(key));
    if (state !== undefined) state.exists = true;
  }

  /** Sets the outcome (and the name the server gave a `generateName` object). */
  record(key: ItemKey, outcome: ItemOutcome, createdName?: string): void {
    let state = this.#items.get(keyText(key));
    if (state === undefined) {
      state = { key, outcome: undefined, exists: false, createdName: undefined };
      this.#items.set(keyText(key), state);
    }
    state.outcome = outcome;
    if (outcome === "created") state.exists = true;
    if (createdName !== undefined) state.createdName = createdName;
  }

  /** The outcome set so far, if any. */
  outcome(key: ItemKey): ItemOutcome | undefined {
    return this.#items.get(keyText(key))?.outcome;
  }

  /**
   * `{"<apiVersion>/<Kind>": ["ns/name(created)", "name(skipped)", ...]}` with every list
   * sorted; items without an outcome yet are listed as `failed`.
   */
  resourceList(): ResourceList {
    const list: Record<string, string[]> = {};
    for (const { key, outcome, createdName } of this.#items.values()) {
      const name = createdName ?? key.name;
      const entry = `${key.namespace === "" ? name : `${key.namespace}/${name}`}(${outcome ?? "failed"})`;
      (list[key.resource] ??= []).push(entry);
    }
    for (const entries of Object.values(list)) entries.sort();
    return list;
  }
}
