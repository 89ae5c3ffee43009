// Discovery documents: legacy APIVersions/APIGroupList/APIGroup/APIResourceList and aggregated
// discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList), rebuilt whenever the set of served
// resources changes.
import { createHash } from "node:crypto";
import type { ResourceRegistry } from "../registry/resource-registry.js";
import type { ResourceType } from "../registry/resource-type.js";

interface SubresourceInfo {
  readonly kind: string;
  readonly group?: string;
  readonly version?: string;
  readonly verbs: readonly string[];
}

function subresourceInfo(type: ResourceType, name: string): SubresourceInfo {
  switch (name) {
    case "status":
      return { kind: type.kind, verbs: ["get", "patch", "update"] };
    case "scale":
      return {
        kind: "Scale",
        group: "autoscaling",
        version: "v1",
        verbs: ["get", "patch", "update"],
      };
    case "log":
      return { kind: "Pod", verbs: ["get"] };
    case "exec":
      return { kind: "PodExecOptions", verbs: ["create", "get"] };
    case "eviction":
      return { kind: "Eviction", group: "policy", version: "v1", verbs: ["create"] };
    case "binding":
      return { kind: "Binding", verbs: ["create"] };
    case "finalize":
      return { kind: type.kind, verbs: ["update"] };
    case "token":
      return {
        kind: "TokenRequest",
        group: "authentication.k8s.io",
        version: "v1",
        verbs: ["create"],
      };
    default:
      return { kind: type.kind, verbs: ["get"] };
  }
}

function storageVersionHash(type: ResourceType): string {
  return (
    createHash("sha256")
      .update(`${type.storageApiVersion}/${type.storageKey}`)
      .digest("base64")
      .slice(0, 11) + "="
  );
}

function resourceEntries(type: ResourceType): Record<string, unknown>[] {
  const main: Record<string, unknown> = {
    name: type.resource,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: type.verbs,
    ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    storageVersionHash: storageVersionHash(type),
  };
  const subs = type.subresources.map((name) => {
    const info = subresourceInfo(type, name);
    return {
      name: `${type.resource}/${name}`,
      singularName: "",
      namespaced: type.namespaced,
      ...(info.group === undefined ? {} : { group: info.group, version: info.version }),
      kind: info.kind,
      verbs: info.verbs,
    };
  });
  return [main, ...subs];
}

function aggregatedResource(type: ResourceType): Record<string, unknown> {
  return {
    resource: type.resource,
    responseKind: { group: type.group, version: type.version, kind: type.kind },
    scope: type.namespaced ? "Namespaced" : "Cluster",
    singularResource: type.singular,
    verbs: type.verbs,
    ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    ...(type.subresources.length > 0
      ? {
          subresources: type.subresources.map((name) => {
            const info = subresourceInfo(type, name);
            return {
              subresource: name,
              responseKind: {
                group: info.group ?? type.group,
                version: info.version ?? type.version,
                kind: info.kind,
              },
              verbs: info.verbs,
            };
          }),
        }
      : {}),
  };
}

/** Discovery documents of one registry, cached until the registry changes. */
export class Discovery {
  private readonly registry: ResourceRegistry;
  private generation = -1;
  private cache = new Map<string, { body: string; etag: string }>();

  constructor(registry: ResourceRegistry) {
    this.registry = registry;
  }

  /** The serialized document for `key` (computed once per registry generation) and its ETag. */
  document(key: string, build: () => unknown): { body: string; etag: string } {
    if (this.generation !== this.registry.generation) {
      this.cache = new Map();
      this.generation = this.registry.generation;
    }
    let entry = this.cache.get(key);
    if (entry === undefined) {
      const body = JSON.stringify(build());
      entry = { body, etag: `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"` };
      this.cache.set(key, entry);
    }
    return entry;
  }

  /** `/api`. */
  apiVersions(serverAddress: string): unknown {
    return {
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
    };
  }

  private groupEntry(name: string, versions: readonly string[]): Record<string, unknown> {
    const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions: entries, preferredVersion: entries[0] };
  }

  /** `/apis`. */
  groupList(): unknown {
    const groups = this.registry.groups().filter((g) => g.name !== "");
    return {
      kind: "APIGroupList",
      apiVersion: "v1",
      groups: groups.map((g) => this.groupEntry(g.name, g.versions)),
    };
  }

  /** `/apis/<group>`, or undefined when the group is not served. */
  group(name: string): unknown {
    const group = this.registry.groups().find((g) => g.name === name);
    return group === undefined
      ? undefined
      : { kind: "APIGroup", apiVersion: "v1", ...this.groupEntry(group.name, group.versions) };
  }

  /** `/api/v1` or `/apis/<group>/<version>`, or undefined when not served. */
  resourceList(group: string, version: string): unknown {
    const types = this.registry.all().filter((t) => t.group === group && t.version === version);
    if (types.length === 0) return undefined;
    return {
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: group === "" ? version : `${group}/${version}`,
      resources: types
        .sort((a, b) => a.resource.localeCompare(b.resource))
        .flatMap(resourceEntries),
    };
  }

  /** Aggregated discovery of the core group (`/api`) or of every other group (`/apis`). */
  aggregated(core: boolean): unknown {
    const groups = this.registry.groups().filter((g) => (g.name === "") === core);
    const all = this.registry.all();
    const items = groups.map((g) => ({
      metadata: { name: g.name, creationTimestamp: null },
      versions: g.versions.map((version) => ({
        version,
        resources: all
          .filter((t) => t.group === g.name && t.version === version)
          .sort((a, b) => a.resource.localeCompare(b.resource))
          .map(aggregatedResource),
        freshness: "Current",
      })),
    }));
    return {
      kind: "APIGroupDiscoveryList",
      apiVersion: "apidiscovery.k8s.io/v2",
      metadata: {},
      items,
    };
  }
}

/** True when an Accept header asks for aggregated discovery (v2 or v2beta1); returns the version. */
export function aggregatedDiscoveryVersion(
  accept: string | undefined,
): "v2" | "v2beta1" | undefined {
  if (accept === undefined) return undefined;
  for (const part of accept.split(",")) {
    if (!part.includes("as=APIGroupDiscoveryList") || !part.includes("g=apidiscovery.k8s.io"))
      continue;
    if (part.includes("v=v2beta1")) return "v2beta1";
    if (part.includes("v=v2")) return "v2";
  }
  return undefined;
}
