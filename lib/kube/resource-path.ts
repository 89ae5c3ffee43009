// REST paths of Kubernetes resources: `/api/v1/namespaces/ns/pods/name/status` and friends.

/** A served resource type. `group` is "" for the core group. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  /** Plural resource name, e.g. `deployments`. */
  readonly resource: string;
  readonly namespaced: boolean;
  readonly kind?: string;
}

/** Where in the resource tree a request goes. */
export interface ResourceLocation {
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
  readonly subresource?: string | undefined;
}

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** `v1` for the core group, `<group>/<version>` otherwise. */
export function apiVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

/** Splits an apiVersion (`apps/v1`, `v1`) into group and version. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) return { group: "", version: apiVersion };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The path of a collection or object. A namespaced type without a namespace addresses the
 * collection across all namespaces (lists and watches only).
 */
export function resourcePath(type: ResourceType, location: ResourceLocation = {}): string {
  const parts = [groupVersionPath(type.group, type.version)];
  if (type.namespaced && location.namespace !== undefined && location.namespace !== "") {
    parts.push("namespaces", encodeURIComponent(location.namespace));
  }
  parts.push(type.resource);
  if (location.name !== undefined) parts.push(encodeURIComponent(location.name));
  if (location.subresource !== undefined) parts.push(location.subresource);
  return parts.join("/");
}

/** `resource` for the core group, `resource.group` otherwise (Velero's GroupResource string). */
export function groupResourceOf(type: Pick<ResourceType, "group" | "resource">): string {
  return type.group === "" ? type.resource : `${type.resource}.${type.group}`;
}
