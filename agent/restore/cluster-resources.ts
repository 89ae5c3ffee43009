// What the target cluster serves, for a restore: resolving resource names, the versions served
// per resource, and one client per served resource version (rebuilt after CRDs are restored).
import {
  discoverResources,
  groupResourceOf,
  ResourceClient,
  type DiscoveredResource,
  type KubeObject,
  type KubeRestClient,
  type ResourceCatalog,
} from "../../lib/kube/index.js";
import type { ResourceInfo } from "../filters/index.js";
import type { ServedVersions } from "./version-selection.js";

/** Discovery of the target cluster with cached clients; `refresh` re-reads discovery. */
export class ClusterResources {
  readonly rest: KubeRestClient;
  #catalog: ResourceCatalog;
  #byGroupResource = new Map<string, DiscoveredResource[]>();
  readonly #clients = new Map<string, ResourceClient>();

  constructor(rest: KubeRestClient, catalog: ResourceCatalog) {
    this.rest = rest;
    this.#catalog = catalog;
    this.#index();
  }

  /** Reads discovery once. */
  static async discover(rest: KubeRestClient): Promise<ClusterResources> {
    return new ClusterResources(rest, await discoverResources(rest));
  }

  /** Reads discovery again (after CRDs were restored). */
  async refresh(): Promise<void> {
    this.#catalog = await discoverResources(this.rest);
    this.#index();
  }

  #index(): void {
    const map = new Map<string, DiscoveredResource[]>();
    for (const resource of this.#catalog.all) {
      const key = groupResourceOf(resource);
      const list = map.get(key);
      if (list === undefined) map.set(key, [resource]);
      else list.push(resource);
    }
    this.#byGroupResource = map;
  }

  /** The group-resource a user-typed name stands for (`deploy` ⇒ `deployments.apps`). */
  resolve(name: string): string | undefined {
    const found = this.#catalog.tryResolve(name);
    return found === undefined ? undefined : groupResourceOf(found);
  }

  /** Filter view of a name: its group-resource and scope, when served. */
  info(name: string): ResourceInfo | undefined {
    const found = this.#catalog.tryResolve(name);
    return found === undefined
      ? undefined
      : { groupResource: groupResourceOf(found), namespaced: found.namespaced };
  }

  /** The versions served for a group-resource, preferred first. */
  served(groupResource: string): ServedVersions {
    const list = this.#byGroupResource.get(groupResource) ?? [];
    return {
      preferred: list.find((r) => r.preferred)?.version,
      versions: list.map((r) => r.version),
    };
  }

  /** The served type of `groupResource` in `version`, if served. */
  type(groupResource: string, version: string): DiscoveredResource | undefined {
    return this.#byGroupResource.get(groupResource)?.find((r) => r.version === version);
  }

  /** A client for `groupResource` in `version`; undefined when not served. */
  client(groupResource: string, version: string): ResourceClient | undefined {
    const type = this.type(groupResource, version);
    if (type === undefined) return undefined;
    const key = `${groupResource}/${version}`;
    let client = this.#clients.get(key);
    if (client === undefined) {
      client = new ResourceClient<KubeObject>(this.rest, type);
      this.#clients.set(key, client);
    }
    return client;
  }
}
