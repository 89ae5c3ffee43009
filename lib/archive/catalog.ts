// An index of the items in a backup archive (resource → namespace → names, and the API
// versions stored per resource) that holds names only, never item bodies.
import { versionDirOf, type ItemRef } from "./entry-path.js";
import { preferredVersionSuffix } from "./format.js";
import { sortUtf8 } from "./go-json.js";

/** The items of one resource in one version directory, as Velero's archive parser reports them. */
export interface ResourceItems {
  /** `pods`, `deployments.apps`, ... */
  readonly groupResource: string;
  /** Namespace (`""` for cluster-scoped items) → item names (without `.json`), sorted. */
  readonly itemsByNamespace: ReadonlyMap<string, readonly string[]>;
}

/** The API versions an archive holds for one resource, from its version directory names. */
export interface StoredVersions {
  /** The version of the `<v>-preferredversion` directory, when there is one. */
  readonly preferred?: string;
  /** Every stored version (preferred included), sorted. */
  readonly versions: readonly string[];
}

/** Name → the location the catalog's owner gave the item (or -1). */
type NamesByNamespace = Map<string, Map<string, number>>;

/**
 * Items by resource, version directory and namespace. Unversioned copies (the directory
 * restore reads by default) are addressed with no version; versioned copies by `version`
 * and `preferred` as in {@link ItemRef}.
 */
export class ArchiveCatalog {
  readonly #resources = new Map<string, Map<string, NamesByNamespace>>();
  #count = 0;

  /**
   * Records one item, with an optional `location` (any number its owner uses to find the
   * item's bytes, e.g. an entry number); adding the same item again keeps one entry and the
   * newest location, as a later tar entry overwrites an earlier one on extraction.
   */
  add(ref: ItemRef, location = -1): void {
    let dirs = this.#resources.get(ref.groupResource);
    if (dirs === undefined) {
      dirs = new Map();
      this.#resources.set(ref.groupResource, dirs);
    }
    const versionDir = versionDirOf(ref);
    let namespaces = dirs.get(versionDir);
    if (namespaces === undefined) {
      namespaces = new Map();
      dirs.set(versionDir, namespaces);
    }
    const namespace = ref.namespace ?? "";
    let names = namespaces.get(namespace);
    if (names === undefined) {
      names = new Map();
      namespaces.set(namespace, names);
    }
    if (versionDir === "" && !names.has(ref.name)) this.#count++;
    names.set(ref.name, location);
  }

  /** Number of distinct unversioned items. */
  get itemCount(): number {
    return this.#count;
  }

  /** True when the unversioned copy (or the given version's copy) of the item is present. */
  has(ref: ItemRef): boolean {
    return this.locate(ref) !== undefined;
  }

  /** The location recorded for the item, or `undefined` when the archive does not hold it. */
  locate(ref: ItemRef): number | undefined {
    return this.#resources
      .get(ref.groupResource)
      ?.get(versionDirOf(ref))
      ?.get(ref.namespace ?? "")
      ?.get(ref.name);
  }

  /** Every resource with at least one entry, sorted. */
  groupResources(): string[] {
    return sortUtf8([...this.#resources.keys()]);
  }

  /**
   * The items of `groupResource` in the unversioned directory (or in the directory of
   * `version`/`preferred`); `undefined` when there are none.
   */
  items(
    groupResource: string,
    version: Pick<ItemRef, "version" | "preferred"> = {},
  ): ResourceItems | undefined {
    const namespaces = this.#resources.get(groupResource)?.get(versionDirOf(version));
    if (namespaces === undefined) return undefined;
    const itemsByNamespace = new Map<string, readonly string[]>();
    for (const namespace of sortUtf8([...namespaces.keys()])) {
      itemsByNamespace.set(namespace, sortUtf8([...(namespaces.get(namespace)?.keys() ?? [])]));
    }
    return { groupResource, itemsByNamespace };
  }

  /** The API versions stored for `groupResource` (Velero's ParseGroupVersions). */
  versions(groupResource: string): StoredVersions {
    const dirs = this.#resources.get(groupResource);
    let preferred: string | undefined;
    const versions: string[] = [];
    for (const dir of dirs?.keys() ?? []) {
      if (dir === "") continue;
      const isPreferred = dir.endsWith(preferredVersionSuffix);
      const version = isPreferred ? dir.slice(0, -preferredVersionSuffix.length) : dir;
      if (isPreferred) preferred = version;
      if (!versions.includes(version)) versions.push(version);
    }
    sortUtf8(versions);
    return preferred === undefined ? { versions } : { preferred, versions };
  }
}
