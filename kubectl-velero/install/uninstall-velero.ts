// Removing an installation the way Velero does: custom resources with finalizers first (so the
// agent can finish them, or their finalizers are cleared), then the namespace, the
// ClusterRoleBinding and every CRD labelled component=velero.
import type { Clock } from "../../lib/clock.js";
import { isNotFound, type KubeObject, type ResourceType } from "../../lib/kube/index.js";
import { AGENT_DEPLOYMENT } from "./agent-deployment.js";
import { clusterRoleBindingName } from "./manifests.js";
import type { ObjectApi, ObjectRef } from "./object-api.js";
import { resourceTypeFor } from "./resource-types.js";
import { InstallTimeoutError } from "./wait-ready.js";

/** Options of {@link uninstallVelero}. */
export interface UninstallOptions {
  readonly api: ObjectApi;
  readonly clock: Clock;
  readonly print: (line: string) => void;
  readonly namespace: string;
  /** How long the agent gets to finish objects with finalizers (Velero: 1 minute). */
  readonly gracefulTimeoutMs?: number;
  /** How long to wait for the namespace to disappear (default 5 minutes). */
  readonly namespaceTimeoutMs?: number;
  readonly pollMs?: number;
}

/** The kinds whose objects carry finalizers the agent handles, and those finalizers. */
const finalizedKinds = [
  {
    crd: "restores.velero.io",
    type: resourceTypeFor("velero.io/v1", "Restore"),
    finalizer: "restores.velero.io/external-resources-finalizer",
  },
  {
    crd: "datauploads.velero.io",
    type: resourceTypeFor("velero.io/v2alpha1", "DataUpload"),
    finalizer: "velero.io/data-upload-download-finalizer",
  },
  {
    crd: "datadownloads.velero.io",
    type: resourceTypeFor("velero.io/v2alpha1", "DataDownload"),
    finalizer: "velero.io/data-upload-download-finalizer",
  },
] as const;

const crdType = resourceTypeFor("apiextensions.k8s.io/v1", "CustomResourceDefinition");
const namespaceType = resourceTypeFor("v1", "Namespace");
const bindingType = resourceTypeFor("rbac.authorization.k8s.io/v1", "ClusterRoleBinding");
const deploymentType = resourceTypeFor("apps/v1", "Deployment");

async function deleteIfPresent(api: ObjectApi, ref: ObjectRef): Promise<boolean> {
  try {
    await api.delete(ref);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

async function servedFinalizedKinds(api: ObjectApi): Promise<(typeof finalizedKinds)[number][]> {
  const served = [];
  for (const kind of finalizedKinds) {
    if ((await api.get({ type: crdType, name: kind.crd })) !== undefined) served.push(kind);
  }
  return served;
}

async function remaining(
  api: ObjectApi,
  kinds: readonly { type: ResourceType }[],
  namespace: string,
): Promise<KubeObject[]> {
  const all = await Promise.all(kinds.map((k) => api.list(k.type, { namespace })));
  return all.flat();
}

async function waitUntil(
  options: UninstallOptions,
  timeoutMs: number,
  isDone: () => Promise<boolean>,
): Promise<boolean> {
  const deadline = options.clock.now().getTime() + timeoutMs;
  for (;;) {
    if (await isDone()) return true;
    if (options.clock.now().getTime() >= deadline) return false;
    await options.clock.sleep(options.pollMs ?? 500);
  }
}

async function forceRemoveFinalizers(
  options: UninstallOptions,
  kinds: readonly (typeof finalizedKinds)[number][],
): Promise<void> {
  const { api, namespace } = options;
  await deleteIfPresent(api, { type: deploymentType, name: AGENT_DEPLOYMENT, namespace });
  const ref = { type: deploymentType, name: AGENT_DEPLOYMENT, namespace };
  await waitUntil(options, 60_000, async () => (await api.get(ref)) === undefined);
  for (const kind of kinds) {
    for (const object of await api.list(kind.type, { namespace })) {
      const finalizers = object.metadata?.finalizers ?? [];
      if (!finalizers.includes(kind.finalizer)) continue;
      const name = object.metadata?.name ?? "";
      const kept = finalizers.filter((f) => f !== kind.finalizer);
      await api.mergePatch(
        { type: kind.type, name, namespace },
        { metadata: { finalizers: kept } },
      );
    }
  }
}

async function deleteFinalizedResources(options: UninstallOptions): Promise<void> {
  const { api, namespace } = options;
  options.print("Waiting for resource with attached finalizer to be deleted");
  const kinds = await servedFinalizedKinds(api);
  for (const object of await remaining(api, kinds, namespace)) {
    const type = kinds.find((k) => k.type.kind === object.kind)?.type;
    if (type === undefined) continue;
    await deleteIfPresent(api, { type, name: object.metadata?.name ?? "", namespace });
  }
  const timeout = options.gracefulTimeoutMs ?? 60_000;
  const isGone = async (): Promise<boolean> =>
    (await remaining(api, kinds, namespace)).length === 0;
  if (!(await waitUntil(options, timeout, isGone))) await forceRemoveFinalizers(options, kinds);
}

async function deleteNamespace(options: UninstallOptions): Promise<void> {
  const { api, namespace } = options;
  const ref = { type: namespaceType, name: namespace };
  if ((await api.get(ref)) === undefined) {
    options.print(`Velero namespace "${namespace}" does not exist, skipping.`);
    return;
  }
  await deleteFinalizedResources(options);
  if (!(await deleteIfPresent(api, ref))) return;
  options.print(`\nWaiting for velero namespace "${namespace}" to be deleted`);
  const timeout = options.namespaceTimeoutMs ?? 300_000;
  const gone = await waitUntil(options, timeout, async () => (await api.get(ref)) === undefined);
  if (!gone) {
    throw new InstallTimeoutError(
      `namespace "${namespace}" still exists after ${timeout / 1000}s; check its status.conditions for what blocks it`,
    );
  }
  options.print(`Velero namespace "${namespace}" deleted`);
}

/**
 * Uninstalls: finishes or force-clears objects with finalizers, deletes and waits out the
 * namespace, then deletes the ClusterRoleBinding and the CRDs labelled `component=velero`.
 * Each step tolerates what is already gone, so it can be re-run after a partial failure.
 */
export async function uninstallVelero(options: UninstallOptions): Promise<void> {
  const { api, namespace } = options;
  await deleteNamespace(options);
  const binding = clusterRoleBindingName(namespace);
  if (!(await deleteIfPresent(api, { type: bindingType, name: binding }))) {
    options.print(`Velero ClusterRoleBinding "${binding}" does not exist, skipping.`);
  }
  for (const crd of await api.list(crdType, { labelSelector: "component=velero" })) {
    await deleteIfPresent(api, { type: crdType, name: crd.metadata?.name ?? "" });
  }
  options.print("Velero uninstalled ⛵");
}
