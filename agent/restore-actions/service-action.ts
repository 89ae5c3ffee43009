// velero.io/service: a restored Service gets new cluster IPs (headless ones stay headless) and,
// unless the restore preserves node ports, new node ports for every port the user did not set
// explicitly (judged from kubectl's last-applied-configuration or from managedFields).
import type { KubeObject } from "../../lib/kube/index.js";
import {
  asFields,
  asFieldsList,
  fieldsAt,
  specOf,
  stringAt,
  type Fields,
} from "./object-fields.js";
import { syncExecute, type RestoreItemAction } from "./restore-item-action.js";

const lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

/** Thrown when the last-applied-configuration annotation is not JSON. */
function parseLastApplied(service: KubeObject): Fields | undefined {
  const text = service.metadata?.annotations?.[lastAppliedAnnotation];
  if (text === undefined) return undefined;
  const parsed = JSON.parse(text) as unknown;
  return asFields(parsed) ?? {};
}

function managedFieldSets(service: KubeObject): Fields[] {
  return asFieldsList(service.metadata?.["managedFields"]).flatMap((entry) => {
    const fields = asFields(entry["fieldsV1"]);
    return fields === undefined ? [] : [fields];
  });
}

function nodePortNumber(value: unknown): number {
  if (typeof value === "number") return Math.trunc(value);
  if (typeof value === "string") return Number.parseInt(value, 10) || 0;
  return 0;
}

/** Names (and, for unnamed ports, numbers) of node ports set in last-applied-configuration. */
function explicitFromLastApplied(applied: Fields): { names: Set<string>; numbers: Set<number> } {
  const names = new Set<string>();
  const numbers = new Set<number>();
  for (const port of asFieldsList(fieldsAt(applied, "spec")?.["ports"])) {
    if (!("nodePort" in port) || nodePortNumber(port["nodePort"]) <= 0) continue;
    if (typeof port["name"] === "string") names.add(port["name"]);
    else if (!("name" in port)) numbers.add(nodePortNumber(port["nodePort"]));
  }
  return { names, numbers };
}

function portKey(port: Fields): string {
  return `k:{"port":${nodePortNumber(port["port"])},"protocol":"${stringAt(port, "protocol")}"}`;
}

function keepExplicitFromLastApplied(ports: Fields[], applied: Fields): void {
  const explicit = explicitFromLastApplied(applied);
  for (const port of ports) {
    const name = stringAt(port, "name");
    const keep =
      name !== ""
        ? explicit.names.has(name)
        : explicit.numbers.has(nodePortNumber(port["nodePort"]));
    if (!keep) Reflect.deleteProperty(port, "nodePort");
  }
}

function clearNodePorts(service: KubeObject, spec: Fields): void {
  if (spec["type"] === "ExternalName") return;
  const ports = asFieldsList(spec["ports"]);
  const applied = parseLastApplied(service);
  if (applied !== undefined) {
    keepExplicitFromLastApplied(ports, applied);
    return;
  }
  const explicitKeys = new Set<string>();
  for (const fields of managedFieldSets(service)) {
    for (const [key, value] of Object.entries(fieldsAt(fields, "f:spec", "f:ports") ?? {})) {
      if (asFields(value)?.["f:nodePort"] !== undefined) explicitKeys.add(key);
    }
  }
  for (const port of ports) {
    if (!explicitKeys.has(portKey(port))) Reflect.deleteProperty(port, "nodePort");
  }
}

function clearHealthCheckNodePort(service: KubeObject, spec: Fields): void {
  if (spec["externalTrafficPolicy"] !== "Local" || spec["type"] !== "LoadBalancer") return;
  if (nodePortNumber(spec["healthCheckNodePort"]) === 0) return;
  const applied = parseLastApplied(service);
  if (applied !== undefined && nodePortNumber(fieldsAt(applied, "spec")?.["healthCheckNodePort"])) {
    return;
  }
  const setByManager = managedFieldSets(service).some(
    (fields) => fieldsAt(fields, "f:spec", "f:healthCheckNodePort") !== undefined,
  );
  if (!setByManager) Reflect.deleteProperty(spec, "healthCheckNodePort");
}

/** Velero's Service restore action. */
export const serviceAction: RestoreItemAction = {
  name: "velero.io/service",
  appliesTo: () => ({ includedResources: ["services"] }),
  execute: syncExecute((input) => {
    const spec = specOf(input.item);
    if (spec["clusterIP"] !== "None") {
      Reflect.deleteProperty(spec, "clusterIP");
      Reflect.deleteProperty(spec, "clusterIPs");
    }
    if (input.restore.spec.preserveNodePorts === true) {
      input.log.info("Restoring Services with original NodePort(s)");
    } else {
      clearNodePorts(input.item, spec);
      clearHealthCheckNodePort(input.item, spec);
    }
    return { item: input.item };
  }),
};
