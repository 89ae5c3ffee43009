// The built-in resources the local API server serves, with the names, scope, short names,
// categories and subresources a v1.32 kube-apiserver advertises for them.
import { EVENTS_CONVERSION, HPA_V1_CONVERSION } from "./conversions.js";
import type { ResourceType, ScalePaths } from "./resource-type.js";

const ALL_VERBS = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch",
];
const NAMESPACE_VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];

const REPLICAS_SCALE: ScalePaths = {
  specReplicasPath: ".spec.replicas",
  statusReplicasPath: ".status.replicas",
  labelSelectorPath: ".status.selector",
};

interface BuiltinSpec {
  readonly gv: string;
  readonly resource: string;
  readonly kind: string;
  readonly namespaced?: boolean;
  readonly shortNames?: readonly string[];
  readonly all?: boolean;
  readonly subresources?: readonly string[];
  readonly model?: string;
  readonly verbs?: readonly string[];
  readonly scale?: boolean;
}

const SPECS: readonly BuiltinSpec[] = [
  { gv: "v1", resource: "configmaps", kind: "ConfigMap", shortNames: ["cm"] },
  { gv: "v1", resource: "endpoints", kind: "Endpoints", shortNames: ["ep"] },
  { gv: "v1", resource: "events", kind: "Event", shortNames: ["ev"], model: "CoreV1Event" },
  { gv: "v1", resource: "limitranges", kind: "LimitRange", shortNames: ["limits"] },
  {
    gv: "v1",
    resource: "namespaces",
    kind: "Namespace",
    namespaced: false,
    shortNames: ["ns"],
    subresources: ["finalize", "status"],
    verbs: NAMESPACE_VERBS,
  },
  {
    gv: "v1",
    resource: "nodes",
    kind: "Node",
    namespaced: false,
    shortNames: ["no"],
    subresources: ["status"],
  },
  {
    gv: "v1",
    resource: "persistentvolumeclaims",
    kind: "PersistentVolumeClaim",
    shortNames: ["pvc"],
    subresources: ["status"],
  },
  {
    gv: "v1",
    resource: "persistentvolumes",
    kind: "PersistentVolume",
    namespaced: false,
    shortNames: ["pv"],
    subresources: ["status"],
  },
  {
    gv: "v1",
    resource: "pods",
    kind: "Pod",
    shortNames: ["po"],
    all: true,
    subresources: ["binding", "eviction", "exec", "log", "status"],
  },
  { gv: "v1", resource: "podtemplates", kind: "PodTemplate" },
  {
    gv: "v1",
    resource: "replicationcontrollers",
    kind: "ReplicationController",
    shortNames: ["rc"],
    all: true,
    subresources: ["scale", "status"],
    scale: true,
  },
  {
    gv: "v1",
    resource: "resourcequotas",
    kind: "ResourceQuota",
    shortNames: ["quota"],
    subresources: ["status"],
  },
  { gv: "v1", resource: "secrets", kind: "Secret" },
  {
    gv: "v1",
    resource: "serviceaccounts",
    kind: "ServiceAccount",
    shortNames: ["sa"],
    subresources: ["token"],
  },
  {
    gv: "v1",
    resource: "services",
    kind: "Service",
    shortNames: ["svc"],
    all: true,
    subresources: ["status"],
  },
  { gv: "apps/v1", resource: "controllerrevisions", kind: "ControllerRevision" },
  ...["DaemonSet:ds", "Deployment:deploy", "ReplicaSet:rs", "StatefulSet:sts"].map(workload),
  ...["CronJob:cj", "Job:"].map((entry) => batch(entry)),
  {
    gv: "networking.k8s.io/v1",
    resource: "ingressclasses",
    kind: "IngressClass",
    namespaced: false,
  },
  {
    gv: "networking.k8s.io/v1",
    resource: "ingresses",
    kind: "Ingress",
    shortNames: ["ing"],
    subresources: ["status"],
  },
  {
    gv: "networking.k8s.io/v1",
    resource: "networkpolicies",
    kind: "NetworkPolicy",
    shortNames: ["netpol"],
  },
  ...rbac(),
  { gv: "storage.k8s.io/v1", resource: "csidrivers", kind: "CSIDriver", namespaced: false },
  { gv: "storage.k8s.io/v1", resource: "csinodes", kind: "CSINode", namespaced: false },
  {
    gv: "storage.k8s.io/v1",
    resource: "storageclasses",
    kind: "StorageClass",
    namespaced: false,
    shortNames: ["sc"],
  },
  {
    gv: "storage.k8s.io/v1",
    resource: "volumeattachments",
    kind: "VolumeAttachment",
    namespaced: false,
    subresources: ["status"],
  },
  {
    gv: "apiextensions.k8s.io/v1",
    resource: "customresourcedefinitions",
    kind: "CustomResourceDefinition",
    namespaced: false,
    shortNames: ["crd", "crds"],
    subresources: ["status"],
  },
  { gv: "coordination.k8s.io/v1", resource: "leases", kind: "Lease" },
  { gv: "discovery.k8s.io/v1", resource: "endpointslices", kind: "EndpointSlice" },
  {
    gv: "events.k8s.io/v1",
    resource: "events",
    kind: "Event",
    shortNames: ["ev"],
    model: "EventsV1Event",
  },
  {
    gv: "policy/v1",
    resource: "poddisruptionbudgets",
    kind: "PodDisruptionBudget",
    shortNames: ["pdb"],
    subresources: ["status"],
  },
  ...["v2", "v1"].map(hpa),
  {
    gv: "scheduling.k8s.io/v1",
    resource: "priorityclasses",
    kind: "PriorityClass",
    namespaced: false,
    shortNames: ["pc"],
  },
];

function workload(entry: string): BuiltinSpec {
  const [kind = "", short = ""] = entry.split(":");
  return {
    gv: "apps/v1",
    resource: `${kind.toLowerCase()}s`,
    kind,
    shortNames: [short],
    all: true,
    subresources: kind === "DaemonSet" ? ["status"] : ["scale", "status"],
    scale: kind !== "DaemonSet",
  };
}

function batch(entry: string): BuiltinSpec {
  const [kind = "", short = ""] = entry.split(":");
  return {
    gv: "batch/v1",
    resource: `${kind.toLowerCase()}s`,
    kind,
    shortNames: short === "" ? [] : [short],
    all: true,
    subresources: ["status"],
  };
}

function rbac(): BuiltinSpec[] {
  return ["ClusterRoleBinding", "ClusterRole", "RoleBinding", "Role"].map((kind) => ({
    gv: "rbac.authorization.k8s.io/v1",
    resource: `${kind.toLowerCase()}s`,
    kind,
    namespaced: !kind.startsWith("Cluster"),
  }));
}

function hpa(version: string): BuiltinSpec {
  return {
    gv: `autoscaling/${version}`,
    resource: "horizontalpodautoscalers",
    kind: "HorizontalPodAutoscaler",
    shortNames: ["hpa"],
    all: true,
    subresources: ["status"],
  };
}

function splitGroupVersion(gv: string): { group: string; version: string } {
  const slash = gv.indexOf("/");
  return slash < 0
    ? { group: "", version: gv }
    : { group: gv.slice(0, slash), version: gv.slice(slash + 1) };
}

function categoriesOf(spec: BuiltinSpec): string[] {
  if (spec.all === true) return ["all"];
  return spec.kind === "CustomResourceDefinition" ? ["api-extensions"] : [];
}

function storageOf(
  spec: BuiltinSpec,
  group: string,
  version: string,
): Pick<ResourceType, "storageKey" | "storageApiVersion" | "conversion"> {
  if (group === "events.k8s.io")
    return { storageKey: "/events", storageApiVersion: "v1", conversion: EVENTS_CONVERSION };
  if (group === "autoscaling" && version === "v1") {
    return {
      storageKey: `${group}/${spec.resource}`,
      storageApiVersion: "autoscaling/v2",
      conversion: HPA_V1_CONVERSION,
    };
  }
  return { storageKey: `${group}/${spec.resource}`, storageApiVersion: spec.gv };
}

function toResourceType(spec: BuiltinSpec): ResourceType {
  const { group, version } = splitGroupVersion(spec.gv);
  const subresources = spec.subresources ?? [];
  return {
    group,
    version,
    resource: spec.resource,
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    singular: spec.kind.toLowerCase(),
    namespaced: spec.namespaced ?? true,
    shortNames: spec.shortNames ?? [],
    categories: categoriesOf(spec),
    verbs: spec.verbs ?? ALL_VERBS,
    subresources,
    ...storageOf(spec, group, version),
    hasStatus: subresources.includes("status"),
    ...(spec.scale === true ? { scale: REPLICAS_SCALE } : {}),
    model: spec.model ?? `${version.charAt(0).toUpperCase()}${version.slice(1)}${spec.kind}`,
    custom: false,
  };
}

/** Every built-in resource at every served version. */
export const BUILTIN_RESOURCES: readonly ResourceType[] = SPECS.map(toResourceType);
