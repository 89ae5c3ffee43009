// The ReplicaSet controller: keeps `spec.replicas` active pods of the template, creating and
// deleting pods (the least valuable first), and reports replicas/ready/available counts.
import type { Pod, ReplicaSet } from "./kube-types.js";
import type { ControllerContext, RunningController } from "./controller-loop.js";
import { runControllerLoop } from "./controller-loop.js";
import { deleteIfExists, writeStatus } from "./object-writes.js";
import {
  isPodActive,
  isPodAvailable,
  isPodReady,
  ownedPods,
  ownerKey,
  podFromTemplate,
} from "./pod-template.js";
import { objectKey, resources, splitKey } from "./resources.js";
import { matchesLabelSelector } from "./label-selector.js";
import { adoptersOf, adoptOrphans } from "./adoption.js";

/** At most this many pods are created or deleted per reconcile (the real controller's burst). */
const burst = 500;

function deletionRank(pod: Pod): number[] {
  const scheduled = (pod.spec.nodeName ?? "") === "" ? 0 : 1;
  const phase = pod.status?.phase === "Running" ? 2 : pod.status?.phase === "Pending" ? 1 : 0;
  return [
    scheduled,
    phase,
    isPodReady(pod) ? 1 : 0,
    -Date.parse(pod.metadata.creationTimestamp ?? "0"),
  ];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The pods to delete when scaling down by `count`: unscheduled, pending, unready, newest first. */
export function podsToDelete(pods: readonly Pod[], count: number): Pod[] {
  return [...pods].sort((a, b) => compareRanks(deletionRank(a), deletionRank(b))).slice(0, count);
}

function reconcile(context: ControllerContext, key: string): { requeueAfterMs?: number } {
  const { namespace, name } = splitKey(key);
  const replicaSets = context.caches.for<ReplicaSet>(resources.replicasets);
  const pods = context.caches.for<Pod>(resources.pods);
  const rs = replicaSets.get(namespace, name);
  if (rs === undefined || rs.metadata.deletionTimestamp !== undefined) return {};
  adoptOrphans(context, { ref: resources.pods, cache: pods, owner: rs });
  const active = ownedPods(pods, rs).filter(isPodActive);
  const wanted = rs.spec.replicas ?? 1;
  for (let i = 0; i < Math.min(wanted - active.length, burst); i++) {
    const pod = podFromTemplate(rs.spec.template, { owner: rs });
    pods.record(context.api.create(resources.pods, pod) as Pod);
  }
  const excess = Math.min(active.length - wanted, burst);
  for (const pod of excess > 0 ? podsToDelete(active, excess) : []) {
    deleteIfExists(context.api, resources.pods, { namespace, name: pod.metadata.name ?? "" });
  }
  return writeReplicaSetStatus(context, rs);
}

function writeReplicaSetStatus(
  context: ControllerContext,
  rs: ReplicaSet,
): { requeueAfterMs?: number } {
  const now = context.clock.now();
  const minReady = rs.spec.minReadySeconds ?? 0;
  const active = ownedPods(context.caches.for<Pod>(resources.pods), rs).filter(isPodActive);
  const ready = active.filter(isPodReady).length;
  const available = active.filter((p) => isPodAvailable(p, minReady, now)).length;
  const stored = writeStatus<ReplicaSet>(
    context.api,
    resources.replicasets,
    { namespace: rs.metadata.namespace, name: rs.metadata.name ?? "" },
    (current) => ({
      ...current.status,
      replicas: active.length,
      fullyLabeledReplicas: active.filter((p) =>
        matchesLabelSelector(
          { matchLabels: rs.spec.template.metadata?.labels ?? {} },
          p.metadata.labels,
        ),
      ).length,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: current.metadata.generation ?? 1,
    }),
  );
  if (stored !== undefined) context.caches.for<ReplicaSet>(resources.replicasets).record(stored);
  return available < ready ? { requeueAfterMs: 1_000 } : {};
}

/** Starts the ReplicaSet controller. */
export function startReplicaSetController(context: ControllerContext): RunningController {
  const replicaSets = context.caches.for<ReplicaSet>(resources.replicasets);
  const pods = context.caches.for<Pod>(resources.pods);
  return runControllerLoop({
    name: "replicaset",
    logger: context.logger,
    resync: {
      everyMs: 30_000,
      keys: () =>
        replicaSets.list().map((r) => objectKey(r.metadata.namespace, r.metadata.name ?? "")),
    },
    wire: (queue) => [
      replicaSets.onChange(({ object }) => {
        queue.add(objectKey(object.metadata.namespace, object.metadata.name ?? ""));
      }),
      pods.onChange(({ object }) => {
        const owner = ownerKey(object, "ReplicaSet");
        if (owner !== undefined) queue.add(owner);
        else
          for (const key of adoptersOf(replicaSets.list(object.metadata.namespace ?? ""), object))
            queue.add(key);
      }),
    ],
    reconcile: (key) => reconcile(context, key),
  });
}
