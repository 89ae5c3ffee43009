// The DaemonSet controller: one pod per eligible node (node selector, required affinity,
// taints against the pod's tolerations plus the ones the real controller adds), pinned with
// a `metadata.name` node-affinity term as the real one does, outdated pods replaced up to
// maxUnavailable at a time, and the status `kubectl rollout status` reads.
import type { ControllerContext, RunningController } from "./controller-loop.js";
import { runControllerLoop } from "./controller-loop.js";
import { adoptOrphans } from "./adoption.js";
import { resolveIntOrPercent } from "./deployment-rollout.js";
import type { DaemonSet, Node, Pod, PodSpec, Toleration } from "./kube-types.js";
import { matchesNodeAffinity, schedulingTaints, tolerates } from "./node-matching.js";
import { deleteIfExists } from "./object-writes.js";
import { writeStatus } from "./object-writes.js";
import {
  isPodActive,
  isPodReady,
  ownedPods,
  ownerKey,
  podFromTemplate,
  templateHash,
} from "./pod-template.js";
import { objectKey, resources, splitKey } from "./resources.js";

const daemonTolerations: Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];

function daemonSpec(ds: DaemonSet, node: string): PodSpec {
  const spec = structuredClone(ds.spec.template.spec);
  const existing = spec.tolerations ?? [];
  spec.tolerations = [
    ...existing,
    ...daemonTolerations.filter(
      (t) => !existing.some((e) => e.key === t.key && e.effect === t.effect),
    ),
  ];
  spec.affinity = {
    ...spec.affinity,
    nodeAffinity: {
      ...spec.affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchFields: [{ key: "metadata.name", operator: "In", values: [node] }] },
        ],
      },
    },
  };
  return spec;
}

/** True when a pod of this DaemonSet belongs on `node`. */
export function shouldRunOn(ds: DaemonSet, node: Node): boolean {
  const spec = ds.spec.template.spec;
  if (!matchesNodeAffinity(spec, node)) return false;
  const tolerations = [...(spec.tolerations ?? []), ...daemonTolerations];
  return schedulingTaints(node).every((taint) => tolerations.some((t) => tolerates(t, taint)));
}

/** The node a DaemonSet pod is bound or pinned to. */
export function targetNode(pod: Pod): string | undefined {
  if ((pod.spec.nodeName ?? "") !== "") return pod.spec.nodeName;
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const fields = required?.nodeSelectorTerms[0]?.matchFields ?? [];
  return fields.find((f) => f.key === "metadata.name")?.values?.[0];
}

function createPod(context: ControllerContext, ds: DaemonSet, node: string): void {
  const hash = templateHash(ds.spec.template);
  const pod = podFromTemplate(ds.spec.template, {
    owner: ds,
    labels: {
      "controller-revision-hash": hash,
      "pod-template-generation": String(ds.metadata.generation ?? 1),
    },
  });
  pod.spec = daemonSpec(ds, node);
  context.caches.for<Pod>(resources.pods).record(context.api.create(resources.pods, pod) as Pod);
}

const removePod = (context: ControllerContext, pod: Pod): void => {
  if (pod.metadata.deletionTimestamp !== undefined) return;
  deleteIfExists(context.api, resources.pods, {
    namespace: pod.metadata.namespace,
    name: pod.metadata.name ?? "",
  });
};

function podsByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = targetNode(pod) ?? "";
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  return byNode;
}

function syncNode(
  context: ControllerContext,
  ds: DaemonSet,
  node: string,
  pods: readonly Pod[],
): void {
  const present = pods.filter((p) => p.metadata.deletionTimestamp === undefined);
  for (const pod of present.filter((p) => !isPodActive(p))) removePod(context, pod);
  const active = present.filter(isPodActive);
  for (const pod of active.slice(1)) removePod(context, pod);
  const terminating = pods.some(
    (p) => p.metadata.deletionTimestamp !== undefined && isPodActive(p),
  );
  if (active.length === 0 && !terminating) createPod(context, ds, node);
}

function syncNodes(
  context: ControllerContext,
  ds: DaemonSet,
  eligible: readonly Node[],
  byNode: Map<string, Pod[]>,
): void {
  const wanted = new Set(eligible.map((n) => n.metadata.name ?? ""));
  for (const [node, pods] of byNode) {
    if (!wanted.has(node)) for (const pod of pods) removePod(context, pod);
  }
  for (const node of wanted) syncNode(context, ds, node, byNode.get(node) ?? []);
}

function rollOut(
  context: ControllerContext,
  ds: DaemonSet,
  active: readonly Pod[],
  desired: number,
): void {
  if (ds.spec.updateStrategy?.type === "OnDelete") return;
  const hash = templateHash(ds.spec.template);
  const maxUnavailable =
    resolveIntOrPercent(
      ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable,
      "1",
      desired,
      false,
    ) || 1;
  const unavailable = desired - active.filter(isPodReady).length;
  const outdated = active.filter((p) => p.metadata.labels?.["controller-revision-hash"] !== hash);
  for (const pod of outdated.slice(0, Math.max(0, maxUnavailable - Math.max(0, unavailable))))
    removePod(context, pod);
}

function reconcile(context: ControllerContext, key: string): { requeueAfterMs?: number } {
  const { namespace, name } = splitKey(key);
  const ds = context.caches.for<DaemonSet>(resources.daemonsets).get(namespace, name);
  if (ds === undefined || ds.metadata.deletionTimestamp !== undefined) return {};
  const podCache = context.caches.for<Pod>(resources.pods);
  adoptOrphans(context, { ref: resources.pods, cache: podCache, owner: ds });
  const eligible = context.caches
    .for<Node>(resources.nodes)
    .list()
    .filter((n) => shouldRunOn(ds, n));
  syncNodes(context, ds, eligible, podsByNode(ownedPods(podCache, ds)));
  const live = ownedPods(podCache, ds).filter(isPodActive);
  rollOut(context, ds, live, eligible.length);
  writeDaemonSetStatus(context, ds, eligible, live);
  return {};
}

function writeDaemonSetStatus(
  context: ControllerContext,
  ds: DaemonSet,
  eligible: readonly Node[],
  live: readonly Pod[],
): void {
  const wanted = new Set(eligible.map((n) => n.metadata.name ?? ""));
  const hash = templateHash(ds.spec.template);
  const scheduled = live.filter((p) => wanted.has(targetNode(p) ?? ""));
  const ready = scheduled.filter(isPodReady).length;
  writeStatus<DaemonSet>(
    context.api,
    resources.daemonsets,
    { namespace: ds.metadata.namespace, name: ds.metadata.name ?? "" },
    (current) => ({
      currentNumberScheduled: new Set(scheduled.map(targetNode)).size,
      desiredNumberScheduled: wanted.size,
      numberMisscheduled: live.length - scheduled.length,
      numberReady: ready,
      numberAvailable: ready,
      numberUnavailable: Math.max(0, wanted.size - ready),
      updatedNumberScheduled: scheduled.filter(
        (p) => p.metadata.labels?.["controller-revision-hash"] === hash,
      ).length,
      observedGeneration: current.metadata.generation ?? 1,
    }),
  );
}

/** Starts the DaemonSet controller. */
export function startDaemonSetController(context: ControllerContext): RunningController {
  const sets = context.caches.for<DaemonSet>(resources.daemonsets);
  const pods = context.caches.for<Pod>(resources.pods);
  const nodes = context.caches.for<Node>(resources.nodes);
  const allKeys = (): string[] =>
    sets.list().map((s) => objectKey(s.metadata.namespace, s.metadata.name ?? ""));
  return runControllerLoop({
    name: "daemonset",
    logger: context.logger,
    resync: { everyMs: 30_000, keys: allKeys },
    wire: (queue) => [
      sets.onChange(({ object }) => {
        queue.add(objectKey(object.metadata.namespace, object.metadata.name ?? ""));
      }),
      pods.onChange(({ object }) => {
        const owner = ownerKey(object, "DaemonSet");
        if (owner !== undefined) queue.add(owner);
      }),
      nodes.onChange(({ type, object, old }) => {
        const same =
          type === "MODIFIED" &&
          JSON.stringify([old?.metadata.labels, old?.spec]) ===
            JSON.stringify([object.metadata.labels, object.spec]);
        if (!same) for (const key of allKeys()) queue.add(key);
      }),
    ],
    reconcile: (key) => reconcile(context, key),
  });
}
