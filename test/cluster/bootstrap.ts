// The objects every new cluster has: system namespaces, the `kubernetes` Service, a default
// StorageClass, the CSI snapshot CRDs with a default VolumeSnapshotClass, and the Ready nodes,
// created idempotently so a restarted cluster keeps its own.
import { release } from "node:os";
import type { KubeObject } from "./cluster-api.js";
import type { ApiContext } from "./api/api-context.js";
import { createObject } from "./api/create-object.js";
import { updateObject } from "./api/update-object.js";
import { crdResourceTypes } from "./registry/crd-resource-types.js";
import type { ResourceType } from "./registry/resource-type.js";
import { populateNamespace } from "./admission/core-strategies.js";
import { defaultSnapshotClass, snapshotCrds } from "./csi/snapshot-crds.js";

/** The provisioner of the default `standard` StorageClass. */
export const DEFAULT_PROVISIONER = "local.csi.test";
/** The version the cluster reports (`/version`, node kubelet versions). */
export const KUBERNETES_VERSION = "v1.32.4";

function type(ctx: ApiContext, storageKey: string): ResourceType {
  const found = ctx.registry.storageType(storageKey);
  if (found === undefined) throw new Error(`no built-in type for ${storageKey}`);
  return found;
}

function ensure(ctx: ApiContext, storageKey: string, object: KubeObject): void {
  const meta = object.metadata;
  if (ctx.store.get(storageKey, meta.namespace ?? "", meta.name ?? "") !== undefined) return;
  createObject(ctx, type(ctx, storageKey), {
    namespace: meta.namespace,
    body: object,
    options: { fieldManager: "kube-apiserver" },
  });
}

/** The name of node `index` (1-based) of cluster `clusterName`. */
export function nodeName(clusterName: string, index: number): string {
  return `${clusterName}-node-${index}`;
}

function nodeObject(name: string, index: number, clock: ApiContext["clock"]): KubeObject {
  const now = clock
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  const capacity = { cpu: "4", memory: "8Gi", pods: "110", "ephemeral-storage": "100Gi" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels: {
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "beta.kubernetes.io/arch": "amd64",
      },
      annotations: { "node.alpha.kubernetes.io/ttl": "0" },
    },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
      providerID: `local://${name}`,
    },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [
        {
          type: "Ready",
          status: "True",
          reason: "KubeletReady",
          message: "kubelet is posting ready status",
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
      addresses: [
        { type: "InternalIP", address: `172.18.0.${index + 1}` },
        { type: "Hostname", address: name },
      ],
      nodeInfo: {
        machineID: "",
        systemUUID: "",
        bootID: "",
        kernelVersion: release(),
        osImage: "Local test cluster",
        containerRuntimeVersion: "local://1.0.0",
        kubeletVersion: KUBERNETES_VERSION,
        kubeProxyVersion: KUBERNETES_VERSION,
        operatingSystem: "linux",
        architecture: "amd64",
      },
    },
  };
}

function serveSnapshotApi(ctx: ApiContext): void {
  const crds = "apiextensions.k8s.io/customresourcedefinitions";
  for (const crd of snapshotCrds) {
    ensure(ctx, crds, crd);
    const name = crd.metadata.name ?? "";
    ctx.registry.setCustom(name, crdResourceTypes(ctx.store.get(crds, "", name) ?? crd));
  }
  ensure(ctx, "snapshot.storage.k8s.io/volumesnapshotclasses", defaultSnapshotClass());
}

/** Creates whatever of the standard objects is missing; returns the node names. */
export function bootstrapCluster(ctx: ApiContext, nodes: number): string[] {
  for (const name of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
    ensure(ctx, "/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    populateNamespace(ctx, name);
  }
  ensure(ctx, "/services", {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      labels: { component: "apiserver", provider: "kubernetes" },
    },
    spec: {
      clusterIP: "10.96.0.1",
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
    },
  });
  ensure(ctx, "storage.k8s.io/storageclasses", {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: {
      name: "standard",
      annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
    },
    provisioner: DEFAULT_PROVISIONER,
    reclaimPolicy: "Delete",
    volumeBindingMode: "Immediate",
  });
  serveSnapshotApi(ctx);
  const names: string[] = [];
  for (let i = 1; i <= nodes; i++) {
    const name = nodeName(ctx.clusterName, i);
    names.push(name);
    const node = nodeObject(name, i, ctx.clock);
    const status = node["status"];
    ensure(ctx, "/nodes", node);
    const stored = ctx.store.get("/nodes", "", name);
    if (stored !== undefined && stored["status"] === undefined) {
      updateObject(ctx, type(ctx, "/nodes"), {
        namespace: undefined,
        name,
        body: { ...stored, status },
        decoded: true,
        options: { subresource: "status" },
      });
    }
  }
  return names;
}

/** Points the `kubernetes` Endpoints at the API server's address. */
export function publishApiEndpoint(ctx: ApiContext, port: number): void {
  const endpoints = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      labels: { "endpointslice.kubernetes.io/skip-mirror": "true" },
    },
    subsets: [
      { addresses: [{ ip: "127.0.0.1" }], ports: [{ name: "https", port, protocol: "TCP" }] },
    ],
  };
  const existing = ctx.store.get("/endpoints", "default", "kubernetes");
  if (existing === undefined) ensure(ctx, "/endpoints", endpoints);
  else
    updateObject(ctx, type(ctx, "/endpoints"), {
      namespace: "default",
      name: "kubernetes",
      body: { ...existing, subsets: endpoints.subsets },
      decoded: true,
      options: {},
    });
}
