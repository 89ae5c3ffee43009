// Which resource types a backup lists, and in which order: the server's preferred versions of
// every type that supports list, create, get and delete, in Velero's order.
import type { ResourceInfo, ResourceResolver } from "../filters/index.js";
import {
  apiVersionOf,
  discoverResources,
  groupResourceOf,
  type DiscoveredResource,
  type KubeRestClient,
} from "../../lib/kube/index.js";

/** A resource type a backup can list, in its preferred version. */
export interface BackupResource {
  readonly group: string;
  readonly version: string;
  /** Plural name, e.g. `deployments`. */
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** `deployments.apps`, `pods` (Velero's GroupResource string). */
  readonly groupResource: string;
  /** `apps/v1`, `v1`. */
  readonly apiVersion: string;
}

const requiredVerbs = ["list", "create", "get", "delete"];
const corePriority: Readonly<Record<string, number>> = {
  pods: 0,
  persistentvolumeclaims: 1,
  persistentvolumes: 2,
};

/** Velero's resource key of an item of this type: `<apiVersion>/<Kind>`, e.g. `v1/Pod`. */
export function resourceKeyOf(resource: Pick<BackupResource, "apiVersion" | "kind">): string {
  return `${resource.apiVersion}/${resource.kind}`;
}

function toBackupResource(r: DiscoveredResource): BackupResource {
  return {
    group: r.group,
    version: r.version,
    resource: r.resource,
    kind: r.kind,
    namespaced: r.namespaced,
    groupResource: groupResourceOf(r),
    apiVersion: apiVersionOf(r.group, r.version),
  };
}

/**
 * Orders preferred resources as Velero's discovery helper and item collector do: API groups in
 * discovery order with `extensions` last; within the core group pods, then
 * persistentvolumeclaims, then persistentvolumes, then the rest in discovery order. Types
 * missing any of list/create/get/delete, and subresources, are dropped.
 */
export function orderBackupResources(preferred: readonly DiscoveredResource[]): BackupResource[] {
  const usable = preferred.filter(
    (r) => !r.resource.includes("/") && requiredVerbs.every((v) => r.verbs.includes(v)),
  );
  const groups: string[] = [];
  for (const r of usable) if (!groups.includes(r.group)) groups.push(r.group);
  const ordered = [
    ...groups.filter((g) => g !== "extensions"),
    ...groups.filter((g) => g === "extensions"),
  ];
  return ordered.flatMap((group) => {
    const members = usable.filter((r) => r.group === group);
    if (group === "") {
      const rank = (r: DiscoveredResource): number => corePriority[r.resource] ?? 3;
      members.sort((a, b) => rank(a) - rank(b));
    }
    return members.map(toBackupResource);
  });
}

/** What discovery tells a backup. */
export class BackupResources {
  /** Listable types in Velero's order. */
  readonly ordered: readonly BackupResource[];
  /** Every served group-version (`apps/v1`, `v1`), for actions that check what is served. */
  readonly groupVersions: ReadonlySet<string>;
  readonly #byGroupResource: Map<string, BackupResource>;
  readonly #resolve: (name: string) => DiscoveredResource | undefined;

  constructor(
    all: readonly DiscoveredResource[],
    resolve: (name: string) => DiscoveredResource | undefined,
  ) {
    const preferred = all.filter((r) => r.preferred);
    this.ordered = orderBackupResources(preferred);
    this.groupVersions = new Set(all.map((r) => apiVersionOf(r.group, r.version)));
    this.#byGroupResource = new Map(
      preferred
        .filter((r) => !r.resource.includes("/"))
        .map((r) => [groupResourceOf(r), toBackupResource(r)]),
    );
    this.#resolve = resolve;
  }

  /** The preferred version of a group-resource (`persistentvolumes`, `deployments.apps`). */
  find(groupResource: string): BackupResource | undefined {
    return this.#byGroupResource.get(groupResource);
  }

  /** Resolves names users type in filters (`deploy`, `Deployment`, `deployments.apps`). */
  readonly resolve: ResourceResolver = (name: string): ResourceInfo | undefined => {
    const found = this.#resolve(name);
    return found === undefined
      ? undefined
      : { groupResource: groupResourceOf(found), namespaced: found.namespaced };
  };
}

/** Asks the API server what it serves. */
export async function discoverBackupResources(rest: KubeRestClient): Promise<BackupResources> {
  const catalog = await discoverResources(rest);
  return new BackupResources(catalog.all, (name) => catalog.tryResolve(name));
}
