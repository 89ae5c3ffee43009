// Step 5's pure core: the API group versions a backup holds (from its resource list) that the
// target cluster does not serve, so the restore is stopped before it fails item by item.

/** A backup resource list: `{"apps/v1/Deployment": ["ns/name", ...]}`. */
export type ResourceListFile = Readonly<Record<string, readonly string[]>>;

/** One `<apiVersion>/<Kind>` key split up (`v1/Pod` has the core group ""). */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** Splits a resource list key; undefined for a key that is not `[group/]version/Kind`. */
export function parseResourceKey(key: string): GroupVersionKind | undefined {
  const parts = key.split("/");
  if (parts.length === 2) return { group: "", version: parts[0] ?? "", kind: parts[1] ?? "" };
  if (parts.length === 3) {
    return { group: parts[0] ?? "", version: parts[1] ?? "", kind: parts[2] ?? "" };
  }
  return undefined;
}

/** `apps/v1/Deployment`, `v1/Pod`. */
export function formatResourceKey(gvk: GroupVersionKind): string {
  return gvk.group === ""
    ? `${gvk.version}/${gvk.kind}`
    : `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

/** A kind the target serves (from discovery). */
export interface ServedKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** One kind of the backup the target cannot take, with how many items it holds. */
export interface MissingApi {
  /** `<apiVersion>/<Kind>` as in the resource list. */
  readonly resource: string;
  readonly items: number;
  /** The versions of the same group and kind the target does serve (maybe none). */
  readonly servedVersions: readonly string[];
}

/** Resource list key of CustomResourceDefinitions. */
const CRD_KEY = "apiextensions.k8s.io/v1/CustomResourceDefinition";

/** The API groups the backup's own CRDs define (`widgets.example.com` ⇒ `example.com`). */
export function groupsDefinedByBackup(resourceList: ResourceListFile): Set<string> {
  const names = resourceList[CRD_KEY] ?? [];
  return new Set(names.map((name) => name.slice(name.indexOf(".") + 1)).filter((g) => g !== ""));
}

/**
 * The backup's kinds (with at least one item) whose exact group version the target does not
 * serve, sorted by key. Kinds of a group that a CustomResourceDefinition in the same backup
 * defines are exempt: the restore creates CRDs first, so the target serves them by then.
 */
export function missingApis(
  resourceList: ResourceListFile,
  served: readonly ServedKind[],
): MissingApi[] {
  const available = new Set(served.map((s) => `${s.group}/${s.version}/${s.kind}`));
  const fromBackup = groupsDefinedByBackup(resourceList);
  const missing: MissingApi[] = [];
  for (const key of Object.keys(resourceList).sort()) {
    const items = resourceList[key]?.length ?? 0;
    const gvk = parseResourceKey(key);
    if (gvk === undefined || items === 0 || fromBackup.has(gvk.group)) continue;
    if (available.has(`${gvk.group}/${gvk.version}/${gvk.kind}`)) continue;
    const servedVersions = served
      .filter((s) => s.group === gvk.group && s.kind === gvk.kind)
      .map((s) => s.version);
    missing.push({ resource: key, items, servedVersions: [...new Set(servedVersions)] });
  }
  return missing;
}

/** The lines that explain what is missing, one per kind. */
export function describeMissingApis(missing: readonly MissingApi[]): string[] {
  return missing.map((m) => {
    const others =
      m.servedVersions.length === 0
        ? "not served at all"
        : `the target serves only ${m.servedVersions.join(", ")}`;
    return `${m.resource} (${m.items} item${m.items === 1 ? "" : "s"}): ${others}`;
  });
}
