// A fresh in-memory cluster state for unit tests of the API machinery.
import { silentLogger } from "../../../lib/log.js";
import { createClusterState } from "../cluster-state.js";
import type { ClusterState } from "../cluster-state.js";

/** Resource references used across tests. */
export const REFS = {
  configmaps: { group: "", version: "v1", resource: "configmaps" },
  namespaces: { group: "", version: "v1", resource: "namespaces" },
  pods: { group: "", version: "v1", resource: "pods" },
  services: { group: "", version: "v1", resource: "services" },
  secrets: { group: "", version: "v1", resource: "secrets" },
  deployments: { group: "apps", version: "v1", resource: "deployments" },
  replicasets: { group: "apps", version: "v1", resource: "replicasets" },
  crds: { group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions" },
} as const;

/** A cluster state named `test` with one node; call `stop()` when done. */
export function testState(): ClusterState {
  return createClusterState({
    clusterName: "test",
    nodes: 1,
    log: silentLogger,
    caCertificate: "test-ca",
  });
}

/** Resolves after pending timers and immediates (background workers) had a chance to run. */
export function settle(ms = 30): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await settle(10);
  }
}
