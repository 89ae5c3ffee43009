// Which resource types a backup or restore covers: Velero's old filters (included/excluded
// resources + includeClusterResources) and new scoped filters (cluster- and namespace-scoped
// lists), over group-resource names resolved through discovery.
import { IncludesExcludes } from "./includes-excludes.js";
import type { NamespaceFilter } from "./namespace-filter.js";

/** A resource type as filters need it: `deployments.apps`, namespaced or not. */
export interface ResourceInfo {
  readonly groupResource: string;
  readonly namespaced: boolean;
}

/** Resolves a user-typed name (`deploy`, `Deployment`, `deployments.apps`) or undefined. */
export type ResourceResolver = (name: string) => ResourceInfo | undefined;

/** A resource filter. */
export interface ResourceFilter {
  /** True when items of this type are collected (listed) directly. */
  shouldInclude(resource: ResourceInfo): boolean;
  /** True when items of this type must be left out even when another item pulls them in. */
  shouldExclude(resource: ResourceInfo): boolean;
}

/** The filter fields of a Backup or Restore spec. */
export interface ResourceFilterSpec {
  readonly includedResources?: readonly string[] | undefined;
  readonly excludedResources?: readonly string[] | undefined;
  readonly includeClusterResources?: boolean | undefined;
  readonly includedClusterScopedResources?: readonly string[] | undefined;
  readonly excludedClusterScopedResources?: readonly string[] | undefined;
  readonly includedNamespaceScopedResources?: readonly string[] | undefined;
  readonly excludedNamespaceScopedResources?: readonly string[] | undefined;
}

const namespacesResource = "namespaces";

function nonEmpty(list: readonly string[] | undefined): boolean {
  return list !== undefined && list.length > 0;
}

/** True when the spec sets any of the old filters. */
export function usesOldFilters(spec: ResourceFilterSpec): boolean {
  return (
    nonEmpty(spec.includedResources) ||
    nonEmpty(spec.excludedResources) ||
    spec.includeClusterResources !== undefined
  );
}

/** True when the spec sets any of the new scoped filters. */
export function usesNewFilters(spec: ResourceFilterSpec): boolean {
  return (
    nonEmpty(spec.includedClusterScopedResources) ||
    nonEmpty(spec.excludedClusterScopedResources) ||
    nonEmpty(spec.includedNamespaceScopedResources) ||
    nonEmpty(spec.excludedNamespaceScopedResources)
  );
}

/** Maps names to group-resource strings; unknown names are kept as typed (as Velero does). */
export function resolveNames(
  names: readonly string[] | undefined,
  resolve: ResourceResolver,
): string[] {
  return (names ?? []).map((name) =>
    name === "*" ? name : (resolve(name)?.groupResource ?? name),
  );
}

/** Old-style filter (Velero's GlobalIncludesExcludes). */
class GlobalResourceFilter implements ResourceFilter {
  private readonly resources: IncludesExcludes;
  private readonly includeClusterResources: boolean | undefined;
  private readonly namespaces: NamespaceFilter;

  constructor(spec: ResourceFilterSpec, namespaces: NamespaceFilter, resolve: ResourceResolver) {
    this.resources = new IncludesExcludes(
      resolveNames(spec.includedResources, resolve),
      resolveNames(spec.excludedResources, resolve),
    );
    this.includeClusterResources = spec.includeClusterResources;
    this.namespaces = namespaces;
  }

  shouldInclude(resource: ResourceInfo): boolean {
    if (!resource.namespaced) {
      if (this.includeClusterResources === false) return false;
      const isNamespaces = resource.groupResource === namespacesResource;
      if (
        !isNamespaces &&
        this.includeClusterResources === undefined &&
        !this.namespaces.includeEverything()
      ) {
        return false;
      }
    }
    return this.resources.shouldInclude(resource.groupResource);
  }

  shouldExclude(resource: ResourceInfo): boolean {
    if (this.resources.isExcluded(resource.groupResource)) return true;
    if (resource.namespaced) return false;
    if (this.includeClusterResources === false) return true;
    return (
      this.includeClusterResources === undefined &&
      !this.resources.shouldInclude(resource.groupResource)
    );
  }
}

function excludesAll(filter: IncludesExcludes, name: string): boolean {
  return filter.excludes.includes("*") || filter.isExcluded(name);
}

/** New-style filter (Velero's ScopeIncludesExcludes). */
class ScopedResourceFilter implements ResourceFilter {
  private readonly namespaced: IncludesExcludes;
  private readonly cluster: IncludesExcludes;
  private readonly namespaces: NamespaceFilter;

  constructor(spec: ResourceFilterSpec, namespaces: NamespaceFilter, resolve: ResourceResolver) {
    const scoped = (names: readonly string[] | undefined, namespaced: boolean): string[] =>
      (names ?? []).flatMap((name) => {
        if (name === "*") return [name];
        const info = resolve(name);
        if (info === undefined) return [name];
        return info.namespaced === namespaced ? [info.groupResource] : [];
      });
    this.namespaced = new IncludesExcludes(
      scoped(spec.includedNamespaceScopedResources, true),
      scoped(spec.excludedNamespaceScopedResources, true),
    );
    this.cluster = new IncludesExcludes(
      scoped(spec.includedClusterScopedResources, false),
      scoped(spec.excludedClusterScopedResources, false),
    );
    this.namespaces = namespaces;
  }

  shouldInclude(resource: ResourceInfo): boolean {
    const name = resource.groupResource;
    if (resource.namespaced)
      return !excludesAll(this.namespaced, name) && this.namespaced.shouldInclude(name);
    if (excludesAll(this.cluster, name)) return false;
    if (this.clusterFollowsNamespaces()) return true;
    return (
      this.cluster.includes.includes("*") ||
      this.cluster.isExplicitlyIncluded(name) ||
      name === namespacesResource
    );
  }

  /** No cluster lists and everything namespaced included: cluster resources come too. */
  private clusterFollowsNamespaces(): boolean {
    const clusterListsEmpty =
      this.cluster.includes.length === 0 && this.cluster.excludes.length === 0;
    return (
      clusterListsEmpty &&
      this.namespaces.includeEverything() &&
      this.namespaced.includeEverything()
    );
  }

  shouldExclude(resource: ResourceInfo): boolean {
    const filter = resource.namespaced ? this.namespaced : this.cluster;
    return filter.isExcluded(resource.groupResource);
  }
}

/** The filter a spec asks for (old or new model; callers reject specs that mix them). */
export function createResourceFilter(
  spec: ResourceFilterSpec,
  namespaces: NamespaceFilter,
  resolve: ResourceResolver,
): ResourceFilter {
  return usesNewFilters(spec)
    ? new ScopedResourceFilter(spec, namespaces, resolve)
    : new GlobalResourceFilter(spec, namespaces, resolve);
}
