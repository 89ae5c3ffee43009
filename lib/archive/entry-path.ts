// The one owner of item paths inside a backup archive, and of GroupResource strings.
import { InvalidInputError } from "../errors.js";
import { archiveDirs, preferredVersionSuffix } from "./format.js";

/** A Kubernetes API group and resource; the core group is `""`. */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

/**
 * Where one item lives in the archive.
 *
 * - `version` absent: the unversioned copy restore reads by default,
 *   `resources/<gr>/namespaces/<ns>/<name>.json` or `resources/<gr>/cluster/<name>.json`.
 * - `version` with `preferred: true`: `resources/<gr>/<version>-preferredversion/...`.
 * - `version` with `preferred` false or absent: `resources/<gr>/<version>/...` (a non-preferred
 *   served version, written only with Velero's EnableAPIGroupVersions feature).
 */
export interface ItemRef {
  /** `resource` for the core group, otherwise `resource.group`, e.g. `deployments.apps`. */
  readonly groupResource: string;
  /** Absent (or empty) for cluster-scoped items. */
  readonly namespace?: string;
  readonly name: string;
  readonly version?: string;
  readonly preferred?: boolean;
}

/**
 * The GroupResource string Velero uses for directory names: `pods` for the core group,
 * `deployments.apps`, `customresourcedefinitions.apiextensions.k8s.io`.
 */
export function formatGroupResource(gr: GroupResource): string {
  return gr.group === "" ? gr.resource : `${gr.resource}.${gr.group}`;
}

/** Splits a GroupResource string at its first dot: `deployments.apps` → apps/deployments. */
export function parseGroupResource(text: string): GroupResource {
  const dot = text.indexOf(".");
  if (dot < 0) return { group: "", resource: text };
  return { group: text.slice(dot + 1), resource: text.slice(0, dot) };
}

/** The version directory name of a ref: `""`, `v1`, or `v1-preferredversion`. */
export function versionDirOf(ref: Pick<ItemRef, "version" | "preferred">): string {
  if (ref.version === undefined || ref.version === "") return "";
  return ref.preferred === true ? `${ref.version}${preferredVersionSuffix}` : ref.version;
}

/**
 * The archive path of an item. Throws `InvalidInputError` when a segment is empty, `.` or
 * `..`, or contains `/` or NUL (none of which a Kubernetes name can be).
 */
export function itemPath(ref: ItemRef): string {
  return itemDirectory(ref) + itemFileName(ref.name);
}

/**
 * The directory part of {@link itemPath}, with its trailing `/`: what every item of one
 * resource, version and namespace shares (`resources/pods/namespaces/ns1/`). Throws as
 * {@link itemPath} does.
 */
export function itemDirectory(ref: Omit<ItemRef, "name">): string {
  const segments: string[] = [archiveDirs.resources, checkSegment(ref.groupResource, "resource")];
  const versionDir = versionDirOf(ref);
  if (versionDir !== "") segments.push(checkSegment(versionDir, "version"));
  const namespace = ref.namespace ?? "";
  if (namespace === "") segments.push(archiveDirs.cluster);
  else segments.push(archiveDirs.namespaces, checkSegment(namespace, "namespace"));
  return `${segments.join("/")}/`;
}

/** The file name of an item in its {@link itemDirectory}: `<name>.json`. */
export function itemFileName(name: string): string {
  return `${checkSegment(name, "name")}.json`;
}

/**
 * Parses an archive path back into an {@link ItemRef}; `undefined` when the path is not an
 * item path (e.g. `metadata/version`, a file directly under `resources/`, a name without
 * `.json`). Unversioned refs have no `version`; the namespace is omitted for cluster scope.
 */
export function parseItemPath(path: string): ItemRef | undefined {
  const parts = path.split("/");
  const groupResource = parts[1] ?? "";
  if (parts[0] !== archiveDirs.resources || !isSafeSegment(groupResource)) return undefined;
  const head = parts[2] ?? "";
  const isUnversioned = head === archiveDirs.cluster || head === archiveDirs.namespaces;
  const version = isUnversioned ? undefined : parseVersionDir(head);
  if (version === null) return undefined;
  const scoped = parseScoped(parts.slice(isUnversioned ? 2 : 3));
  if (scoped === undefined) return undefined;
  return { groupResource, ...scoped, ...version };
}

function parseVersionDir(dir: string): { version: string; preferred: boolean } | null {
  const preferred = dir.endsWith(preferredVersionSuffix);
  const version = preferred ? dir.slice(0, -preferredVersionSuffix.length) : dir;
  return isSafeSegment(version) ? { version, preferred } : null;
}

function parseScoped(rest: string[]): { namespace?: string; name: string } | undefined {
  const [scope, first = "", second = ""] = rest;
  if (scope === archiveDirs.cluster && rest.length === 2) {
    const name = itemName(first);
    return name === undefined ? undefined : { name };
  }
  if (scope !== archiveDirs.namespaces || rest.length !== 3 || !isSafeSegment(first)) {
    return undefined;
  }
  const name = itemName(second);
  return name === undefined ? undefined : { namespace: first, name };
}

function itemName(file: string): string | undefined {
  if (!file.endsWith(".json")) return undefined;
  const name = file.slice(0, -".json".length);
  return isSafeSegment(name) ? name : undefined;
}

function isSafeSegment(segment: string): boolean {
  return segment !== "" && segment !== "." && segment !== ".." && !/[/\0]/.test(segment);
}

function checkSegment(segment: string, what: string): string {
  if (!isSafeSegment(segment)) {
    throw new InvalidInputError(`invalid ${what} ${JSON.stringify(segment)} for an archive path`);
  }
  return segment;
}
