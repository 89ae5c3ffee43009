// The Endpoints controller: for each Service with a selector, an Endpoints object of the same
// name listing the matching pods' IPs (ready ones as addresses, the others as
// notReadyAddresses) with the service's target ports resolved against the containers' ports.
import type { KubeObject } from "../cluster-api.js";
import type { ControllerContext, RunningController } from "./controller-loop.js";
import { runControllerLoop } from "./controller-loop.js";
import type { Pod, Service } from "./kube-types.js";
import { matchesSelectorMap } from "./label-selector.js";
import { deleteIfExists, isApiError } from "./object-writes.js";
import { isPodReady } from "./pod-template.js";
import { objectKey, resources, splitKey } from "./resources.js";

type ServicePort = NonNullable<NonNullable<Service["spec"]>["ports"]>[number];

function targetPort(port: ServicePort, pod: Pod | undefined): number {
  const target = port.targetPort ?? port.port;
  if (typeof target === "number") return target;
  const named = pod?.spec.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target);
  return named?.containerPort ?? (Number(target) || port.port);
}

function address(pod: Pod): Record<string, unknown> {
  return {
    ip: pod.status?.podIP ?? "",
    nodeName: pod.spec.nodeName ?? "",
    targetRef: {
      kind: "Pod",
      namespace: pod.metadata.namespace ?? "",
      name: pod.metadata.name ?? "",
      uid: pod.metadata.uid ?? "",
    },
  };
}

/** The `subsets` of a service's Endpoints for its matching pods. */
export function endpointSubsets(service: Service, pods: readonly Pod[]): Record<string, unknown>[] {
  const selector = service.spec?.selector ?? {};
  const members = pods
    .filter((p) => p.metadata.deletionTimestamp === undefined && (p.status?.podIP ?? "") !== "")
    .filter((p) => matchesSelectorMap(selector, p.metadata.labels))
    .sort((a, b) => (a.status?.podIP ?? "").localeCompare(b.status?.podIP ?? ""));
  if (members.length === 0) return [];
  const publishAll = service.spec?.publishNotReadyAddresses === true;
  const ready = members.filter((p) => publishAll || isPodReady(p)).map(address);
  const notReady = members.filter((p) => !publishAll && !isPodReady(p)).map(address);
  const ports = (service.spec?.ports ?? []).map((port) => ({
    ...(port.name === undefined ? {} : { name: port.name }),
    port: targetPort(port, members[0]),
    protocol: port.protocol ?? "TCP",
  }));
  const subset: Record<string, unknown> = { ports };
  if (ready.length > 0) subset["addresses"] = ready;
  if (notReady.length > 0) subset["notReadyAddresses"] = notReady;
  return [subset];
}

function reconcile(context: ControllerContext, key: string): { requeueAfterMs?: number } {
  const { namespace, name } = splitKey(key);
  const service = context.caches.for<Service>(resources.services).get(namespace, name);
  const target = { namespace, name };
  if (service === undefined) {
    deleteIfExists(context.api, resources.endpoints, target);
    return {};
  }
  if (service.spec?.selector === undefined || Object.keys(service.spec.selector).length === 0)
    return {};
  const subsets = endpointSubsets(service, context.caches.for<Pod>(resources.pods).list(namespace));
  const current = context.api.get(resources.endpoints, namespace, name);
  const wanted: KubeObject = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { ...current?.metadata, name, namespace, labels: { ...service.metadata.labels } },
    subsets,
  };
  if (current === undefined) createEndpoints(context, wanted);
  else if (JSON.stringify(current["subsets"] ?? []) !== JSON.stringify(subsets))
    context.api.update(resources.endpoints, wanted);
  return {};
}

function createEndpoints(context: ControllerContext, endpoints: KubeObject): void {
  try {
    context.api.create(resources.endpoints, endpoints);
  } catch (error) {
    if (!isApiError(error, 409)) throw error;
  }
}

/** Starts the Endpoints controller. */
export function startEndpointsController(context: ControllerContext): RunningController {
  const services = context.caches.for<Service>(resources.services);
  const pods = context.caches.for<Pod>(resources.pods);
  const key = (o: KubeObject): string => objectKey(o.metadata.namespace, o.metadata.name ?? "");
  return runControllerLoop({
    name: "endpoints",
    logger: context.logger,
    resync: { everyMs: 30_000, keys: () => services.list().map(key) },
    wire: (queue) => [
      services.onChange(({ object }) => {
        queue.add(key(object));
      }),
      pods.onChange(({ object, old }) => {
        for (const service of services.list(object.metadata.namespace)) {
          const selector = service.spec?.selector;
          if (selector === undefined) continue;
          if (
            matchesSelectorMap(selector, object.metadata.labels) ||
            matchesSelectorMap(selector, old?.metadata.labels)
          )
            queue.add(key(service));
        }
      }),
    ],
    reconcile: (k) => reconcile(context, k),
  });
}
