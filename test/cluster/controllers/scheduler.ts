// The scheduler: binds pods without spec.nodeName to a Ready node that passes the filters
// (node-matching.ts), least loaded first, and marks pods it cannot place Unschedulable. Pods
// with unbound PVCs wait; PVCs of WaitForFirstConsumer classes get the selected-node annotation.
import { ApiError } from "../cluster-api.js";
import { setCondition } from "./conditions.js";
import type { ControllerContext, RunningController } from "./controller-loop.js";
import { runControllerLoop } from "./controller-loop.js";
import type { Node, PersistentVolumeClaim, Pod, StorageClass } from "./kube-types.js";
import { chooseNode } from "./node-matching.js";
import { writeObject, writeStatus } from "./object-writes.js";
import { objectKey, resources, splitKey } from "./resources.js";

/** The annotation the scheduler sets on WaitForFirstConsumer claims. */
export const selectedNodeAnnotation = "volume.kubernetes.io/selected-node";

const retryUnschedulableMs = 5_000;

/** True when the scheduler should place this pod. */
export function needsScheduling(pod: Pod): boolean {
  return (
    (pod.spec.nodeName ?? "") === "" &&
    pod.metadata.deletionTimestamp === undefined &&
    (pod.spec.schedulerName ?? "default-scheduler") === "default-scheduler" &&
    (pod.status?.phase ?? "Pending") === "Pending"
  );
}

/** Starts the scheduler. */
export function startScheduler(context: ControllerContext): RunningController {
  const pods = context.caches.for<Pod>(resources.pods);
  const nodes = context.caches.for<Node>(resources.nodes);
  const claims = context.caches.for<PersistentVolumeClaim>(resources.persistentvolumeclaims);
  let rotation = 0;
  const pendingKeys = (namespace?: string): string[] =>
    pods
      .list(namespace)
      .filter(needsScheduling)
      .map((p) => objectKey(p.metadata.namespace, p.metadata.name ?? ""));
  return runControllerLoop({
    name: "scheduler",
    logger: context.logger,
    resync: { everyMs: 30_000, keys: () => pendingKeys() },
    wire: (queue) => [
      pods.onChange(({ object }) => {
        if (needsScheduling(object))
          queue.add(objectKey(object.metadata.namespace, object.metadata.name ?? ""));
      }),
      nodes.onChange(({ type, object, old }) => {
        if (type === "MODIFIED" && old !== undefined && !schedulingChanged(old, object)) return;
        for (const key of pendingKeys()) queue.add(key);
      }),
      claims.onChange(({ object }) => {
        for (const key of pendingKeys(object.metadata.namespace)) queue.add(key);
      }),
    ],
    reconcile: (key) => {
      const result = schedulePod(context, key, rotation);
      rotation++;
      return result;
    },
  });
}

function schedulingChanged(old: Node, node: Node): boolean {
  const view = (n: Node): string =>
    JSON.stringify([
      n.metadata.labels,
      n.spec,
      n.status?.conditions?.find((c) => c.type === "Ready")?.status,
    ]);
  return view(old) !== view(node);
}

function schedulePod(
  context: ControllerContext,
  key: string,
  rotation: number,
): { requeueAfterMs?: number } {
  const { namespace, name } = splitKey(key);
  const pod = context.caches.for<Pod>(resources.pods).get(namespace, name);
  if (pod === undefined || !needsScheduling(pod)) return {};
  const volumeProblem = checkClaims(context, pod);
  if (volumeProblem !== undefined) return markUnschedulable(context, pod, volumeProblem);
  const choice = chooseNode(
    pod.spec,
    context.caches.for<Node>(resources.nodes).list(),
    podCounts(context),
    rotation,
  );
  if ("unschedulable" in choice) return markUnschedulable(context, pod, choice.unschedulable);
  selectNodeForClaims(context, pod, choice.node);
  bind(context, pod, choice.node);
  return {};
}

function podCounts(context: ControllerContext): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pod of context.caches.for<Pod>(resources.pods).list()) {
    const node = pod.spec.nodeName ?? "";
    const phase = pod.status?.phase;
    if (node === "" || phase === "Succeeded" || phase === "Failed") continue;
    counts.set(node, (counts.get(node) ?? 0) + 1);
  }
  return counts;
}

function claimsOf(pod: Pod): string[] {
  return (pod.spec.volumes ?? []).flatMap((v) =>
    v.persistentVolumeClaim === undefined ? [] : [v.persistentVolumeClaim.claimName],
  );
}

function isWaitForFirstConsumer(context: ControllerContext, claim: PersistentVolumeClaim): boolean {
  const className = claim.spec.storageClassName ?? "";
  if (className === "") return false;
  const storageClass = context.caches
    .for<StorageClass>(resources.storageclasses)
    .get(undefined, className);
  return storageClass?.volumeBindingMode === "WaitForFirstConsumer";
}

function checkClaims(context: ControllerContext, pod: Pod): string | undefined {
  const cache = context.caches.for<PersistentVolumeClaim>(resources.persistentvolumeclaims);
  for (const claimName of claimsOf(pod)) {
    const claim = cache.get(pod.metadata.namespace, claimName);
    if (claim === undefined) return `persistentvolumeclaim "${claimName}" not found`;
    if (claim.metadata.deletionTimestamp !== undefined)
      return `persistentvolumeclaim "${claimName}" is being deleted`;
    if (claim.status?.phase !== "Bound" && !isWaitForFirstConsumer(context, claim)) {
      return "pod has unbound immediate PersistentVolumeClaims";
    }
  }
  return undefined;
}

function selectNodeForClaims(context: ControllerContext, pod: Pod, node: string): void {
  const cache = context.caches.for<PersistentVolumeClaim>(resources.persistentvolumeclaims);
  for (const claimName of claimsOf(pod)) {
    const claim = cache.get(pod.metadata.namespace, claimName);
    if (
      claim === undefined ||
      claim.status?.phase === "Bound" ||
      !isWaitForFirstConsumer(context, claim)
    )
      continue;
    if (claim.metadata.annotations?.[selectedNodeAnnotation] !== undefined) continue;
    writeObject<PersistentVolumeClaim>(
      context.api,
      resources.persistentvolumeclaims,
      { namespace: pod.metadata.namespace, name: claimName },
      (c) => {
        c.metadata.annotations = { ...c.metadata.annotations, [selectedNodeAnnotation]: node };
      },
    );
  }
}

function bind(context: ControllerContext, pod: Pod, node: string): void {
  const target = { namespace: pod.metadata.namespace, name: pod.metadata.name ?? "" };
  const bound = writeObject<Pod>(context.api, resources.pods, target, (p) => {
    p.spec.nodeName = node;
  });
  if (bound !== undefined) context.caches.for<Pod>(resources.pods).record(bound);
  writeStatus<Pod>(context.api, resources.pods, target, (p) => ({
    ...p.status,
    phase: p.status?.phase ?? "Pending",
    conditions: setCondition(
      p.status?.conditions,
      { type: "PodScheduled", status: "True", lastProbeTime: null },
      context.clock.now(),
    ),
  }));
  context.logger.debug("bound pod", { pod: objectKey(target.namespace, target.name), node });
}

function markUnschedulable(
  context: ControllerContext,
  pod: Pod,
  message: string,
): { requeueAfterMs: number } {
  try {
    writeStatus<Pod>(
      context.api,
      resources.pods,
      { namespace: pod.metadata.namespace, name: pod.metadata.name ?? "" },
      (p) => ({
        ...p.status,
        phase: "Pending",
        conditions: setCondition(
          p.status?.conditions,
          {
            type: "PodScheduled",
            status: "False",
            reason: "Unschedulable",
            message,
            lastProbeTime: null,
          },
          context.clock.now(),
        ),
      }),
    );
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  return { requeueAfterMs: retryUnschedulableMs };
}
