// The set of resources served right now: the built-ins plus those of established
// CustomResourceDefinitions, looked up by group/version/resource, by kind, or by storage key.
import { ApiError } from "../cluster-api.js";
import type { ResourceRef } from "../cluster-api.js";
import { BUILTIN_RESOURCES } from "./builtin-resources.js";
import { groupVersion, isStorageType } from "./resource-type.js";
import type { ResourceType } from "./resource-type.js";
import { compareVersionPriority } from "./version-priority.js";

/** One API group with its served versions, preferred first. */
export interface ApiGroupInfo {
  readonly name: string;
  readonly versions: readonly string[];
}

const BUILTIN_GROUP_ORDER = [
  "",
  "apiregistration.k8s.io",
  "apps",
  "events.k8s.io",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "networking.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "storage.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "node.k8s.io",
  "discovery.k8s.io",
  "flowcontrol.apiserver.k8s.io",
];

/** Resolves resource references; notifies listeners whenever the served set changes. */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceType>();
  private readonly byKindKey = new Map<string, ResourceType>();
  private readonly byStorage = new Map<string, ResourceType>();
  private readonly custom = new Map<string, readonly ResourceType[]>();
  private readonly listeners = new Set<() => void>();
  private changes = 0;

  constructor(builtins: readonly ResourceType[] = BUILTIN_RESOURCES) {
    for (const type of builtins) this.add(type);
  }

  /** Increases whenever a resource starts or stops being served. */
  get generation(): number {
    return this.changes;
  }

  lookup(group: string, version: string, resource: string): ResourceType | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  /** The type for `ref`, or a 404 NotFound {@link ApiError} like the server's for unknown paths. */
  require(ref: ResourceRef): ResourceType {
    const type = this.lookup(ref.group, ref.version, ref.resource);
    if (type === undefined) {
      throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    }
    return type;
  }

  /** The type serving `kind` at `apiVersion` (`apps/v1`, `v1`). */
  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKindKey.get(`${apiVersion}/${kind}`);
  }

  /** The storage-version type of a collection. */
  storageType(storageKey: string): ResourceType | undefined {
    return this.byStorage.get(storageKey);
  }

  all(): ResourceType[] {
    return [...this.byPath.values()];
  }

  /** Served groups in discovery order, each with its versions, preferred first. */
  groups(): ApiGroupInfo[] {
    const versions = new Map<string, Set<string>>();
    for (const type of this.byPath.values()) {
      let set = versions.get(type.group);
      if (set === undefined) {
        set = new Set();
        versions.set(type.group, set);
      }
      set.add(type.version);
    }
    const order = (group: string): number => {
      const index = BUILTIN_GROUP_ORDER.indexOf(group);
      return index < 0 ? BUILTIN_GROUP_ORDER.length : index;
    };
    return [...versions.entries()]
      .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
      .map(([name, set]) => ({ name, versions: [...set].sort(compareVersionPriority) }));
  }

  /** Serves (or re-serves, replacing) the resources of one CustomResourceDefinition. */
  setCustom(crdName: string, types: readonly ResourceType[]): void {
    this.removeTypes(crdName);
    this.custom.set(crdName, types);
    for (const type of types) this.add(type);
    this.changed();
  }

  /** Stops serving a CustomResourceDefinition's resources. */
  removeCustom(crdName: string): void {
    if (!this.custom.has(crdName)) return;
    this.removeTypes(crdName);
    this.custom.delete(crdName);
    this.changed();
  }

  /** Calls `listener` after every change of the served set. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private add(type: ResourceType): void {
    this.byPath.set(`${type.group}/${type.version}/${type.resource}`, type);
    this.byKindKey.set(`${groupVersion(type)}/${type.kind}`, type);
    if (isStorageType(type)) this.byStorage.set(type.storageKey, type);
  }

  private removeTypes(crdName: string): void {
    for (const type of this.custom.get(crdName) ?? []) {
      this.byPath.delete(`${type.group}/${type.version}/${type.resource}`);
      this.byKindKey.delete(`${groupVersion(type)}/${type.kind}`);
      if (this.byStorage.get(type.storageKey) === type) this.byStorage.delete(type.storageKey);
    }
  }

  private changed(): void {
    this.changes += 1;
    for (const listener of [...this.listeners]) listener();
  }
}
