// API discovery: which resource types the server serves, in which versions, with which verbs,
// and which version of each group is preferred; resolves the names users type in filters.
import { VeleroError } from "../errors.js";
import type { KubeRestClient } from "./rest-client.js";
import { groupResourceOf, groupVersionPath, type ResourceType } from "./resource-path.js";

/** A served resource type as discovery describes it. */
export interface DiscoveredResource extends ResourceType {
  readonly kind: string;
  readonly singularName: string;
  readonly verbs: readonly string[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  /** True for the group's preferred version. */
  readonly preferred: boolean;
}

/** A user-typed resource name that matches nothing the server serves. */
export class UnknownResourceError extends VeleroError {
  readonly resource: string;
  constructor(resource: string) {
    super("UnknownResource", `the server doesn't have a resource type "${resource}"`);
    this.resource = resource;
  }
}

interface ApiGroupList {
  groups: {
    name: string;
    versions: { version: string }[];
    preferredVersion?: { version: string };
  }[];
}

interface ApiResourceList {
  resources: {
    name: string;
    singularName?: string;
    namespaced: boolean;
    kind: string;
    verbs: string[];
    shortNames?: string[];
    categories?: string[];
  }[];
}

/** Everything the server serves; built by {@link discoverResources}. */
export class ResourceCatalog {
  /** Every (group, version, resource), preferred versions first within a group. */
  readonly all: readonly DiscoveredResource[];

  constructor(resources: readonly DiscoveredResource[]) {
    this.all = resources;
  }

  /** The preferred version of every resource type (one entry per group-resource). */
  preferred(): DiscoveredResource[] {
    return this.all.filter((r) => r.preferred);
  }

  /** Every served version of a group-resource (`deployments.apps`). */
  versionsOf(groupResource: string): DiscoveredResource[] {
    return this.all.filter((r) => groupResourceOf(r) === groupResource);
  }

  /**
   * Resolves a name as kubectl does: plural, singular, short name or kind, optionally
   * qualified by group (`deploy`, `deployments.apps`, `Deployment`). Returns the preferred
   * version; throws {@link UnknownResourceError} when nothing matches.
   */
  resolve(name: string): DiscoveredResource {
    const found = this.tryResolve(name);
    if (found === undefined) throw new UnknownResourceError(name);
    return found;
  }

  /** Like {@link resolve} but returns undefined when nothing matches. */
  tryResolve(name: string): DiscoveredResource | undefined {
    const lower = name.toLowerCase();
    const candidates = this.preferred();
    const exact = candidates.find((r) => groupResourceOf(r) === lower);
    if (exact !== undefined) return exact;
    const dot = lower.indexOf(".");
    const bare = dot < 0 ? lower : lower.slice(0, dot);
    const group = dot < 0 ? undefined : lower.slice(dot + 1);
    const matches = candidates.filter(
      (r) => namesOf(r).includes(bare) && (group === undefined || r.group === group),
    );
    return matches.find((r) => r.group === "") ?? matches[0];
  }
}

function namesOf(resource: DiscoveredResource): string[] {
  return [
    resource.resource,
    resource.singularName,
    resource.kind.toLowerCase(),
    ...resource.shortNames,
  ];
}

/** Asks the server what it serves (legacy discovery: `/api`, `/apis`, one call per group-version). */
export async function discoverResources(rest: KubeRestClient): Promise<ResourceCatalog> {
  const groups = await rest.request<ApiGroupList>({ method: "GET", path: "/apis" });
  const versions: { group: string; version: string; preferred: boolean }[] = [
    { group: "", version: "v1", preferred: true },
  ];
  for (const group of groups.groups) {
    const preferred = group.preferredVersion?.version ?? group.versions[0]?.version;
    const ordered = [...group.versions].sort(
      (a, b) => Number(b.version === preferred) - Number(a.version === preferred),
    );
    for (const v of ordered) {
      versions.push({ group: group.name, version: v.version, preferred: v.version === preferred });
    }
  }
  const lists = await Promise.all(versions.map((gv) => fetchResources(rest, gv)));
  return new ResourceCatalog(lists.flat());
}

async function fetchResources(
  rest: KubeRestClient,
  gv: { group: string; version: string; preferred: boolean },
): Promise<DiscoveredResource[]> {
  const list = await rest.request<ApiResourceList>({
    method: "GET",
    path: groupVersionPath(gv.group, gv.version),
  });
  return list.resources
    .filter((r) => !r.name.includes("/"))
    .map((r) => ({
      group: gv.group,
      version: gv.version,
      resource: r.name,
      namespaced: r.namespaced,
      kind: r.kind,
      singularName: r.singularName ?? r.kind.toLowerCase(),
      verbs: r.verbs,
      shortNames: r.shortNames ?? [],
      categories: r.categories ?? [],
      preferred: gv.preferred,
    }));
}
