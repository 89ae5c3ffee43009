// The resource types the simulated controllers and kubelet read and write.
import type { ResourceRef } from "../cluster-api.js";

const core = (resource: string): ResourceRef => ({ group: "", version: "v1", resource });
const apps = (resource: string): ResourceRef => ({ group: "apps", version: "v1", resource });

/** Every built-in resource this package touches, by its plural name. */
export const resources = {
  pods: core("pods"),
  nodes: core("nodes"),
  namespaces: core("namespaces"),
  services: core("services"),
  endpoints: core("endpoints"),
  configmaps: core("configmaps"),
  secrets: core("secrets"),
  serviceaccounts: core("serviceaccounts"),
  events: core("events"),
  persistentvolumes: core("persistentvolumes"),
  persistentvolumeclaims: core("persistentvolumeclaims"),
  deployments: apps("deployments"),
  replicasets: apps("replicasets"),
  statefulsets: apps("statefulsets"),
  daemonsets: apps("daemonsets"),
  jobs: { group: "batch", version: "v1", resource: "jobs" },
  cronjobs: { group: "batch", version: "v1", resource: "cronjobs" },
  storageclasses: { group: "storage.k8s.io", version: "v1", resource: "storageclasses" },
  leases: { group: "coordination.k8s.io", version: "v1", resource: "leases" },
} as const satisfies Record<string, ResourceRef>;

/** `namespace/name` (or `name` for cluster-scoped objects): the key of an object in caches and queues. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace === undefined || namespace === "" ? name : `${namespace}/${name}`;
}

/** Splits an {@link objectKey} back into namespace and name. */
export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf("/");
  if (slash < 0) return { namespace: undefined, name: key };
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
