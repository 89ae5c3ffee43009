// Values the downward API exposes: fieldRef paths of a pod (env and downwardAPI volumes) and
// resourceFieldRef values of a container, formatted as the kubelet formats them.
import type { Container, Pod } from "../controllers/kube-types.js";

/** Thrown for a fieldRef or resourceFieldRef the API would not accept. */
export class UnsupportedFieldError extends Error {
  constructor(path: string) {
    super(`unsupported fieldPath: ${path}`);
    this.name = "UnsupportedFieldError";
  }
}

const quoted = (map: Record<string, string> | undefined): string =>
  Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${JSON.stringify(map?.[key] ?? "")}`)
    .join("\n");

/** The value of `fieldPath` for `pod` (e.g. `metadata.labels['app']`, `status.podIP`). */
export function resolveFieldPath(pod: Pod, fieldPath: string): string {
  const subscript = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (subscript !== null) {
    const map = subscript[1] === "labels" ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[subscript[2] ?? ""] ?? "";
  }
  const status = pod.status ?? {};
  const values: Record<string, () => string> = {
    "metadata.name": () => pod.metadata.name ?? "",
    "metadata.namespace": () => pod.metadata.namespace ?? "",
    "metadata.uid": () => pod.metadata.uid ?? "",
    "metadata.labels": () => quoted(pod.metadata.labels),
    "metadata.annotations": () => quoted(pod.metadata.annotations),
    "spec.nodeName": () => pod.spec.nodeName ?? "",
    "spec.serviceAccountName": () => pod.spec.serviceAccountName ?? "",
    "status.hostIP": () => status.hostIP ?? "",
    "status.hostIPs": () => (status.hostIPs ?? []).map((i) => i.ip).join(","),
    "status.podIP": () => status.podIP ?? "",
    "status.podIPs": () => (status.podIPs ?? []).map((i) => i.ip).join(","),
  };
  const value = values[fieldPath];
  if (value === undefined) throw new UnsupportedFieldError(fieldPath);
  return value();
}

const binarySuffixes: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const decimalSuffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The numeric value of a Kubernetes quantity ("500m" → 0.5, "1Gi" → 1073741824). */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === "number") return quantity;
  const match = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(quantity.trim());
  if (match === null) return Number.NaN;
  const suffix = match[2] ?? "";
  const factor = binarySuffixes[suffix] ?? decimalSuffixes[suffix];
  return factor === undefined ? Number.NaN : Number(match[1]) * factor;
}

/**
 * The value of a resourceFieldRef (`limits.cpu`, `requests.memory`, ...) for `container`, in
 * units of `divisor` rounded up as the kubelet does; limits default to the node's allocatable.
 */
export function resolveResourceField(
  container: Container,
  ref: { resource: string; divisor?: string | number },
  allocatable: Readonly<Record<string, string>>,
): string {
  const value = parseQuantity(resourceText(container, ref.resource, allocatable));
  const divisor = parseQuantity(ref.divisor ?? 1) || 1;
  return String(Math.ceil(value / divisor));
}

function resourceText(
  container: Container,
  resource: string,
  allocatable: Readonly<Record<string, string>>,
): string {
  const [kind, name = ""] = resource.split(".", 2);
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const order =
    kind === "limits" ? [limits[name], allocatable[name]] : [requests[name], limits[name]];
  return order.find((v) => v !== undefined) ?? "0";
}
