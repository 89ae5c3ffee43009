// What a kubelet tells the API about its node: the Ready and pressure conditions with a
// periodic heartbeat, addresses and daemon endpoint when missing, and its Lease in
// kube-node-lease renewed every few seconds.
import type { Clock } from "../../../lib/clock.js";
import { errorMessage } from "../../../lib/errors.js";
import type { Logger } from "../../../lib/log.js";
import type { ClusterApi } from "../cluster-api.js";
import { formatTime } from "../controllers/conditions.js";
import type { Condition, Node } from "../controllers/kube-types.js";
import { isApiError, writeStatus } from "../controllers/object-writes.js";
import { resources } from "../controllers/resources.js";

/** Options of {@link startNodeHeartbeat}. */
export interface NodeHeartbeatOptions {
  readonly api: ClusterApi;
  readonly nodeName: string;
  readonly hostIP: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often the Lease is renewed (the real kubelet: 10 s). */
  readonly leaseEveryMs?: number;
  /** How often the node status is re-posted with a new heartbeat (the real kubelet: 5 min). */
  readonly statusEveryMs?: number;
}

const nodeConditions: readonly Omit<Condition, "lastHeartbeatTime" | "lastTransitionTime">[] = [
  {
    type: "MemoryPressure",
    status: "False",
    reason: "KubeletHasSufficientMemory",
    message: "kubelet has sufficient memory available",
  },
  {
    type: "DiskPressure",
    status: "False",
    reason: "KubeletHasNoDiskPressure",
    message: "kubelet has no disk pressure",
  },
  {
    type: "PIDPressure",
    status: "False",
    reason: "KubeletHasSufficientPID",
    message: "kubelet has sufficient PID available",
  },
  {
    type: "Ready",
    status: "True",
    reason: "KubeletReady",
    message: "kubelet is posting ready status",
  },
];

/** Posts the node's status now: conditions with a fresh heartbeat, addresses if missing. */
export function postNodeStatus(options: NodeHeartbeatOptions): void {
  const now = formatTime(options.clock.now());
  writeStatus<Node>(options.api, resources.nodes, { name: options.nodeName }, (node) => {
    const status = { ...node.status };
    const previous = new Map((status.conditions ?? []).map((c) => [c.type, c]));
    status.conditions = nodeConditions.map((c) => {
      const before = previous.get(c.type);
      const transition = before?.status === c.status ? (before.lastTransitionTime ?? now) : now;
      return { ...c, lastHeartbeatTime: now, lastTransitionTime: transition };
    });
    status.addresses ??= [
      { type: "InternalIP", address: options.hostIP },
      { type: "Hostname", address: options.nodeName },
    ];
    status.daemonEndpoints ??= { kubeletEndpoint: { Port: 10250 } };
    return status;
  });
}

/** Creates or renews the node's Lease. */
export function renewLease(options: NodeHeartbeatOptions): void {
  const renewTime = options.clock.now().toISOString().replace("Z", "000Z");
  const existing = options.api.get(resources.leases, "kube-node-lease", options.nodeName);
  if (existing === undefined) {
    const node = options.api.get(resources.nodes, undefined, options.nodeName);
    const owner =
      node === undefined
        ? []
        : [
            {
              apiVersion: "v1",
              kind: "Node",
              name: options.nodeName,
              uid: node.metadata.uid ?? "",
            },
          ];
    options.api.create(resources.leases, {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: options.nodeName, namespace: "kube-node-lease", ownerReferences: owner },
      spec: { holderIdentity: options.nodeName, leaseDurationSeconds: 40, renewTime },
    });
    return;
  }
  const spec = (existing["spec"] ?? {}) as Record<string, unknown>;
  options.api.update(resources.leases, {
    ...existing,
    spec: { ...spec, holderIdentity: options.nodeName, renewTime },
  });
}

/** Posts the status and Lease now and then periodically; returns the stopper. */
export function startNodeHeartbeat(options: NodeHeartbeatOptions): () => void {
  const guarded = (what: string, fn: (o: NodeHeartbeatOptions) => void) => (): void => {
    try {
      fn(options);
    } catch (error) {
      if (isApiError(error, 404)) return;
      options.logger.warn(`node ${what} failed`, {
        node: options.nodeName,
        error: errorMessage(error),
      });
    }
  };
  const status = guarded("status update", postNodeStatus);
  const lease = guarded("lease renewal", renewLease);
  status();
  lease();
  const timers = [
    setInterval(status, options.statusEveryMs ?? 60_000),
    setInterval(lease, options.leaseEveryMs ?? 10_000),
  ];
  for (const timer of timers) timer.unref();
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
