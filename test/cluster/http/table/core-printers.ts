// Table printers of the core, storage, networking, RBAC and other built-in kinds, with the
// columns `kubectl get` shows for them.
import type { KubeObject } from "../../cluster-api.js";
import { age } from "./human-duration.js";
import { AGE, NAME, at, column, labelText, list, num, str } from "./printer.js";
import type { Printer } from "./printer.js";

function created(object: KubeObject): string | undefined {
  return object.metadata.creationTimestamp;
}

function count(value: unknown): number {
  return typeof value === "object" && value !== null ? Object.keys(value).length : 0;
}

function servicePorts(svc: KubeObject): string {
  const ports = list(svc, "spec.ports").map((p) => {
    const node = typeof p["nodePort"] === "number" ? `:${p["nodePort"]}` : "";
    return `${String(p["port"])}${node}/${str(p, "protocol", "TCP")}`;
  });
  return ports.length === 0 ? "<none>" : ports.join(",");
}

function externalIP(svc: KubeObject): string {
  const type = str(svc, "spec.type", "ClusterIP");
  if (type === "ExternalName") return str(svc, "spec.externalName");
  const ingress = list(svc, "status.loadBalancer.ingress").map((i) =>
    str(i, "ip", str(i, "hostname", "")),
  );
  const external = (at(svc, "spec.externalIPs") as string[] | undefined) ?? [];
  const all = [...ingress, ...external];
  if (all.length > 0) return all.join(",");
  return type === "LoadBalancer" ? "<pending>" : "<none>";
}

const services: Printer = {
  columns: [
    NAME,
    column("Type"),
    column("Cluster-IP"),
    column("External-IP"),
    column("Port(s)"),
    AGE,
    column("Selector", "string", 1),
  ],
  cells: (s, now) => [
    s.metadata.name,
    str(s, "spec.type", "ClusterIP"),
    str(s, "spec.clusterIP"),
    externalIP(s),
    servicePorts(s),
    age(created(s), now),
    labelText(at(s, "spec.selector")),
  ],
};

const namespaces: Printer = {
  columns: [NAME, column("Status"), AGE],
  cells: (n, now) => [n.metadata.name, str(n, "status.phase", "Active"), age(created(n), now)],
};

function nodeStatus(node: KubeObject): string {
  const ready = list(node, "status.conditions").find((c) => c["type"] === "Ready");
  const status = ready?.["status"] === "True" ? "Ready" : "NotReady";
  return at(node, "spec.unschedulable") === true ? `${status},SchedulingDisabled` : status;
}

function nodeRoles(node: KubeObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith("node-role.kubernetes.io/"))
    .map((k) => k.slice("node-role.kubernetes.io/".length));
  return roles.length === 0 ? "<none>" : roles.join(",");
}

function address(node: KubeObject, type: string): string {
  const entry = list(node, "status.addresses").find((a) => a["type"] === type);
  return str(entry, "address");
}

const nodes: Printer = {
  columns: [
    NAME,
    column("Status"),
    column("Roles"),
    AGE,
    column("Version"),
    column("Internal-IP", "string", 1),
    column("External-IP", "string", 1),
    column("OS-Image", "string", 1),
    column("Kernel-Version", "string", 1),
    column("Container-Runtime", "string", 1),
  ],
  cells: (n, now) => [
    n.metadata.name,
    nodeStatus(n),
    nodeRoles(n),
    age(created(n), now),
    str(n, "status.nodeInfo.kubeletVersion", ""),
    address(n, "InternalIP"),
    address(n, "ExternalIP"),
    str(n, "status.nodeInfo.osImage", "<unknown>"),
    str(n, "status.nodeInfo.kernelVersion", "<unknown>"),
    str(n, "status.nodeInfo.containerRuntimeVersion", "<unknown>"),
  ],
};

const configMaps: Printer = {
  columns: [NAME, column("Data", "integer"), AGE],
  cells: (c, now) => [
    c.metadata.name,
    count(c["data"]) + count(c["binaryData"]),
    age(created(c), now),
  ],
};

const secrets: Printer = {
  columns: [NAME, column("Type"), column("Data", "integer"), AGE],
  cells: (s, now) => [
    s.metadata.name,
    str(s, "type", "Opaque"),
    count(s["data"]),
    age(created(s), now),
  ],
};

const serviceAccounts: Printer = {
  columns: [NAME, column("Secrets", "integer"), AGE],
  cells: (s, now) => [s.metadata.name, list(s, "secrets").length, age(created(s), now)],
};

function accessModes(modes: unknown): string {
  const short: Record<string, string> = {
    ReadWriteOnce: "RWO",
    ReadOnlyMany: "ROX",
    ReadWriteMany: "RWX",
    ReadWriteOncePod: "RWOP",
  };
  return Array.isArray(modes) ? modes.map((m) => short[String(m)] ?? String(m)).join(",") : "";
}

const claims: Printer = {
  columns: [
    NAME,
    column("Status"),
    column("Volume"),
    column("Capacity"),
    column("Access Modes"),
    column("StorageClass"),
    column("VolumeAttributesClass"),
    AGE,
    column("VolumeMode", "string", 1),
  ],
  cells: (c, now) => {
    const bound = str(c, "status.phase", "") === "Bound";
    return [
      c.metadata.name,
      str(c, "status.phase", "Pending"),
      str(c, "spec.volumeName", ""),
      bound ? str(c, "status.capacity.storage", "") : "",
      bound ? accessModes(at(c, "status.accessModes")) : "",
      str(c, "spec.storageClassName", ""),
      str(c, "spec.volumeAttributesClassName"),
      age(created(c), now),
      str(c, "spec.volumeMode", "Filesystem"),
    ];
  },
};

const volumes: Printer = {
  columns: [
    NAME,
    column("Capacity"),
    column("Access Modes"),
    column("Reclaim Policy"),
    column("Status"),
    column("Claim"),
    column("StorageClass"),
    column("VolumeAttributesClass"),
    column("Reason"),
    AGE,
    column("VolumeMode", "string", 1),
  ],
  cells: (v, now) => {
    const claim = at(v, "spec.claimRef");
    return [
      v.metadata.name,
      str(v, "spec.capacity.storage", ""),
      accessModes(at(v, "spec.accessModes")),
      str(v, "spec.persistentVolumeReclaimPolicy", ""),
      str(v, "status.phase", ""),
      claim === undefined ? "" : `${str(claim, "namespace", "")}/${str(claim, "name", "")}`,
      str(v, "spec.storageClassName", ""),
      str(v, "spec.volumeAttributesClassName"),
      str(v, "status.reason", ""),
      age(created(v), now),
      str(v, "spec.volumeMode", "Filesystem"),
    ];
  },
};

const events: Printer = {
  columns: [
    column("Last Seen"),
    column("Type"),
    column("Reason"),
    column("Object"),
    column("Message"),
    column("Source", "string", 1),
    column("First Seen", "string", 1),
    column("Count", "integer", 1),
    NAME,
  ],
  cells: (e, now) => [
    age(at(e, "lastTimestamp") ?? at(e, "eventTime") ?? created(e), now),
    str(e, "type", ""),
    str(e, "reason", ""),
    `${str(e, "involvedObject.kind", "").toLowerCase()}/${str(e, "involvedObject.name", "")}`,
    str(e, "message", ""),
    str(e, "source.component", ""),
    age(at(e, "firstTimestamp") ?? created(e), now),
    num(e, "count"),
    e.metadata.name,
  ],
};

const endpoints: Printer = {
  columns: [NAME, column("Endpoints"), AGE],
  cells: (e, now) => {
    const pairs = list(e, "subsets").flatMap((s) =>
      list(s, "addresses").flatMap((a) =>
        list(s, "ports").map((p) => `${String(a["ip"])}:${String(p["port"])}`),
      ),
    );
    return [
      e.metadata.name,
      pairs.length === 0
        ? "<none>"
        : pairs.slice(0, 3).join(",") + (pairs.length > 3 ? ` + ${pairs.length - 3} more...` : ""),
      age(created(e), now),
    ];
  },
};

const storageClasses: Printer = {
  columns: [
    NAME,
    column("Provisioner"),
    column("ReclaimPolicy"),
    column("VolumeBindingMode"),
    column("AllowVolumeExpansion", "boolean"),
    AGE,
  ],
  cells: (s, now) => {
    const isDefault =
      s.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true";
    return [
      `${s.metadata.name ?? ""}${isDefault ? " (default)" : ""}`,
      str(s, "provisioner", ""),
      str(s, "reclaimPolicy", "Delete"),
      str(s, "volumeBindingMode", "Immediate"),
      at(s, "allowVolumeExpansion") === true,
      age(created(s), now),
    ];
  },
};

const ingresses: Printer = {
  columns: [NAME, column("Class"), column("Hosts"), column("Address"), column("Ports"), AGE],
  cells: (i, now) => {
    const hosts = list(i, "spec.rules").map((r) => str(r, "host", "*"));
    return [
      i.metadata.name,
      str(i, "spec.ingressClassName"),
      hosts.length === 0 ? "*" : hosts.join(","),
      list(i, "status.loadBalancer.ingress")
        .map((x) => String(x["ip"] ?? x["hostname"]))
        .join(","),
      list(i, "spec.tls").length > 0 ? "80, 443" : "80",
      age(created(i), now),
    ];
  },
};

const createdAt: Printer = {
  columns: [NAME, { name: "Created At", type: "date", description: "Created At" }],
  cells: (o) => [o.metadata.name, created(o)],
};

const bindings: Printer = {
  columns: [
    NAME,
    column("Role"),
    AGE,
    column("Users", "string", 1),
    column("Groups", "string", 1),
    column("ServiceAccounts", "string", 1),
  ],
  cells: (b, now) => {
    const subjects = list(b, "subjects");
    const of = (kind: string): string =>
      subjects
        .filter((s) => s["kind"] === kind)
        .map((s) =>
          kind === "ServiceAccount"
            ? `${str(s, "namespace", "")}/${String(s["name"])}`
            : String(s["name"]),
        )
        .join(", ");
    return [
      b.metadata.name,
      `${str(b, "roleRef.kind", "")}/${str(b, "roleRef.name", "")}`,
      age(created(b), now),
      of("User"),
      of("Group"),
      of("ServiceAccount"),
    ];
  },
};

const simple = (name: string, value: (o: KubeObject) => unknown): Printer => ({
  columns: [NAME, column(name), AGE],
  cells: (o, now) => [o.metadata.name, value(o), age(created(o), now)],
});

/** Printers of the non-workload kinds by storage key. */
export const CORE_PRINTERS: ReadonlyMap<string, Printer> = new Map([
  ["/services", services],
  ["/namespaces", namespaces],
  ["/nodes", nodes],
  ["/configmaps", configMaps],
  ["/secrets", secrets],
  ["/serviceaccounts", serviceAccounts],
  ["/persistentvolumeclaims", claims],
  ["/persistentvolumes", volumes],
  ["/events", events],
  ["/endpoints", endpoints],
  ["storage.k8s.io/storageclasses", storageClasses],
  ["networking.k8s.io/ingresses", ingresses],
  [
    "networking.k8s.io/networkpolicies",
    simple("Pod-Selector", (o) => labelText(at(o, "spec.podSelector.matchLabels"))),
  ],
  ["apiextensions.k8s.io/customresourcedefinitions", createdAt],
  ["rbac.authorization.k8s.io/roles", createdAt],
  ["rbac.authorization.k8s.io/clusterroles", createdAt],
  ["rbac.authorization.k8s.io/rolebindings", bindings],
  ["rbac.authorization.k8s.io/clusterrolebindings", bindings],
  ["coordination.k8s.io/leases", simple("Holder", (o) => str(o, "spec.holderIdentity", ""))],
  [
    "scheduling.k8s.io/priorityclasses",
    {
      columns: [NAME, column("Value", "integer"), column("Global-Default", "boolean"), AGE],
      cells: (o, now) => [
        o.metadata.name,
        num(o, "value"),
        at(o, "globalDefault") === true,
        age(created(o), now),
      ],
    },
  ],
  ["/limitranges", createdAt],
]);
