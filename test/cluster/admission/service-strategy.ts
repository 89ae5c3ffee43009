// Services: defaults, cluster IP allocation from the cluster's service range (headless `None`
// kept), node ports for NodePort and LoadBalancer services, and allocated values carried over
// on updates, as the real Service registry does.
import type { KubeObject } from "../cluster-api.js";
import type { ApiContext, FieldCause, KindStrategy } from "../api/api-context.js";
import { invalid, invalidValue, notSupported, required } from "../api/api-errors.js";
import { isJson, itemsAt, objectAt, setDefault, text } from "./defaults.js";
import type { Json } from "./defaults.js";

/** The service IP range: 10.96.0.0/16, with 10.96.0.1 reserved for the `kubernetes` Service. */
export const SERVICE_RANGE = "10.96.0.0/16";
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
const TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

function specOf(object: KubeObject): Json {
  return objectAt(object, "spec");
}

function usedClusterIPs(ctx: ApiContext): Set<string> {
  const used = new Set<string>();
  for (const service of ctx.store.list("/services")) {
    const ip = specOf(service)["clusterIP"];
    if (typeof ip === "string") used.add(ip);
  }
  return used;
}

/**
 * Per store, the cluster IPs known to be taken: every Service's IP when first built, plus each
 * IP handed out or accepted since. A superset of the IPs in use (deletes are not tracked), so an
 * IP outside it is free without a scan; only an explicitly requested IP found in it is checked
 * against the store again. Keeps a create O(1) instead of a scan of every Service.
 */
const knownClusterIPs = new WeakMap<object, Set<string>>();

function knownIPs(ctx: ApiContext): Set<string> {
  let known = knownClusterIPs.get(ctx.store);
  if (known === undefined) {
    known = usedClusterIPs(ctx);
    knownClusterIPs.set(ctx.store, known);
  }
  return known;
}

function isClusterIPUsed(ctx: ApiContext, ip: string): boolean {
  if (!knownIPs(ctx).has(ip)) return false;
  const fresh = usedClusterIPs(ctx);
  knownClusterIPs.set(ctx.store, fresh);
  return fresh.has(ip);
}

function usedNodePorts(ctx: ApiContext, except?: string): Set<number> {
  const used = new Set<number>();
  for (const service of ctx.store.list("/services")) {
    if (service.metadata.uid === except) continue;
    for (const port of itemsAt(specOf(service), "ports"))
      if (typeof port["nodePort"] === "number") used.add(port["nodePort"]);
  }
  return used;
}

function inRange(ip: string): boolean {
  return /^10\.96\.\d{1,3}\.\d{1,3}$/.test(ip) && ip.split(".").every((p) => Number(p) <= 255);
}

function allocateIP(used: Set<string>): string {
  const start = Math.floor(Math.random() * 65_000);
  for (let i = 0; i < 65_534; i++) {
    const n = ((start + i) % 65_533) + 2;
    const ip = `10.96.${n >> 8}.${n & 255}`;
    if (!used.has(ip) && (n & 255) !== 255) {
      used.add(ip);
      return ip;
    }
  }
  throw new Error("service IP range exhausted");
}

function allocatePort(used: Set<number>): number {
  const span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = NODE_PORT_MIN + ((start + i) % span);
    if (!used.has(port)) {
      used.add(port);
      return port;
    }
  }
  throw new Error("node port range exhausted");
}

function defaults(spec: Json): void {
  setDefault(spec, "type", "ClusterIP");
  setDefault(spec, "sessionAffinity", "None");
  for (const port of itemsAt(spec, "ports")) {
    setDefault(port, "protocol", "TCP");
    setDefault(port, "targetPort", port["port"]);
  }
  if (spec["type"] === "ExternalName") return;
  setDefault(spec, "ipFamilies", ["IPv4"]);
  setDefault(spec, "ipFamilyPolicy", "SingleStack");
  setDefault(spec, "internalTrafficPolicy", "Cluster");
  if (spec["type"] === "NodePort" || spec["type"] === "LoadBalancer")
    setDefault(spec, "externalTrafficPolicy", "Cluster");
  if (spec["type"] === "LoadBalancer") setDefault(spec, "allocateLoadBalancerNodePorts", true);
}

function clusterIPCause(
  ctx: ApiContext,
  spec: Json,
  uid: string | undefined,
): FieldCause | undefined {
  const wanted = spec["clusterIP"];
  if (wanted === undefined || wanted === "") {
    spec["clusterIP"] = allocateIP(knownIPs(ctx));
    return undefined;
  }
  const ip = text(wanted);
  if (ip === "None") return undefined;
  if (uid === undefined && isClusterIPUsed(ctx, ip)) {
    return invalidValue(
      "spec.clusterIPs",
      [ip],
      `failed to allocate IP ${ip}: provided IP is already allocated`,
    );
  }
  if (inRange(ip)) {
    knownIPs(ctx).add(ip);
    return undefined;
  }
  return invalidValue(
    "spec.clusterIPs",
    [ip],
    `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_RANGE}`,
  );
}

function nodePortCause(port: Json, path: string, used: Set<number>): FieldCause | undefined {
  const wanted = port["nodePort"];
  if (wanted === undefined) {
    port["nodePort"] = allocatePort(used);
    return undefined;
  }
  if (typeof wanted !== "number" || wanted < NODE_PORT_MIN || wanted > NODE_PORT_MAX) {
    const range = `${NODE_PORT_MIN}-${NODE_PORT_MAX}`;
    return invalidValue(
      path,
      wanted,
      `provided port is not in the valid range. The range of valid ports is ${range}`,
    );
  }
  if (used.has(wanted)) return invalidValue(path, wanted, "provided port is already allocated");
  used.add(wanted);
  return undefined;
}

function allocate(ctx: ApiContext, spec: Json, uid: string | undefined): FieldCause[] {
  const causes: FieldCause[] = [];
  if (spec["type"] !== "ExternalName") {
    const cause = clusterIPCause(ctx, spec, uid);
    if (cause !== undefined) causes.push(cause);
    spec["clusterIPs"] = [spec["clusterIP"]];
  }
  if (spec["type"] !== "NodePort" && spec["type"] !== "LoadBalancer") return causes;
  const used = usedNodePorts(ctx, uid);
  itemsAt(spec, "ports").forEach((port, i) => {
    const cause = nodePortCause(port, `spec.ports[${i}].nodePort`, used);
    if (cause !== undefined) causes.push(cause);
  });
  return causes;
}

function portCauses(spec: Json): FieldCause[] {
  const causes: FieldCause[] = [];
  const ports = itemsAt(spec, "ports");
  const headless = spec["clusterIP"] === "None";
  if (ports.length === 0 && spec["type"] !== "ExternalName" && !headless)
    causes.push(required("spec.ports"));
  ports.forEach((port, i) => {
    if (typeof port["port"] !== "number") causes.push(required(`spec.ports[${i}].port`));
    if (ports.length > 1 && text(port["name"] ?? "") === "")
      causes.push(required(`spec.ports[${i}].name`));
  });
  return causes;
}

function clusterIPChange(spec: Json, old: Json | undefined): FieldCause[] {
  const oldIP = old?.["clusterIP"];
  if (old === undefined || oldIP === undefined || oldIP === "") return [];
  if (spec["clusterIP"] === oldIP || old["type"] !== spec["type"]) return [];
  return [
    {
      field: "spec.clusterIPs[0]",
      reason: "FieldValueInvalid",
      message: `Invalid value: ${JSON.stringify([spec["clusterIP"]])}: may not change once set`,
    },
  ];
}

function validate(object: KubeObject, old: KubeObject | undefined): FieldCause[] {
  const spec = specOf(object);
  const causes = [
    ...portCauses(spec),
    ...clusterIPChange(spec, old === undefined ? undefined : specOf(old)),
  ];
  if (!TYPES.includes(text(spec["type"])))
    causes.push(notSupported("spec.type", spec["type"], TYPES));
  if (spec["type"] === "ExternalName" && text(spec["externalName"] ?? "") === "") {
    causes.push(required("spec.externalName"));
  }
  return causes;
}

function carryAllocated(spec: Json, old: Json): void {
  if (
    (spec["clusterIP"] === undefined || spec["clusterIP"] === "") &&
    spec["type"] === old["type"]
  ) {
    if (old["clusterIP"] !== undefined) spec["clusterIP"] = old["clusterIP"];
    if (old["clusterIPs"] !== undefined) spec["clusterIPs"] = old["clusterIPs"];
  }
  const oldPorts = itemsAt(old, "ports");
  for (const port of itemsAt(spec, "ports")) {
    const match = oldPorts.find(
      (p) => p["port"] === port["port"] && (p["protocol"] ?? "TCP") === (port["protocol"] ?? "TCP"),
    );
    if (port["nodePort"] === undefined && match?.["nodePort"] !== undefined)
      port["nodePort"] = match["nodePort"];
  }
}

const SERVICES = { group: "", resource: "services", kind: "Service" };

function allocateOrThrow(ctx: ApiContext, object: KubeObject, uid: string | undefined): void {
  const causes = allocate(ctx, specOf(object), uid);
  if (causes.length > 0) throw invalid(SERVICES, object.metadata.name ?? "", causes);
}

/** The Service strategy. */
export const SERVICE_STRATEGY: KindStrategy = {
  prepareCreate: (object, ctx) => {
    defaults(specOf(object));
    allocateOrThrow(ctx, object, undefined);
    (object as unknown as Json)["status"] = { loadBalancer: {} };
  },
  prepareUpdate: (object, old, ctx) => {
    const spec = specOf(object);
    defaults(spec);
    carryAllocated(spec, isJson(old["spec"]) ? old["spec"] : {});
    allocateOrThrow(ctx, object, old.metadata.uid);
  },
  validate,
};
