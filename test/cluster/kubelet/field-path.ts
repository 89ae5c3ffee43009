// Values the downward API exposes: fieldRef paths of a pod (env and downwardAPI volumes) and
// resourceFieldRef values of a container, formatted as the kubelet formats them.
import { quantityValue } from "../../../lib/api/index.js";
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

/**
 * The value of a resourceFieldRef (`limits.cpu`, `requests.memory`, ...) for `container`, in
 * units of `divisor` rounded up as the kubelet does; limits default to the node's allocatable.
 */
export function resolveResourceField(
  container: Container,
  ref: { resource: string; divisor?: string | number },
  allocatable: Readonly<Record<string, string>>,
): string {
  const value = quantityValue(resourceText(container, ref.resource, allocatable));
  const divisor = quantityValue(ref.divisor ?? 1) || 1;
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
