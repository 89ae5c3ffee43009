// The StatefulSet controller: ordinal pods `<name>-<i>` (OrderedReady: one at a time, each
// waiting for the previous to be Running and Ready; Parallel: all at once), a PVC per
// volumeClaimTemplate and ordinal (`<template>-<name>-<i>`, kept when pods go), scale-down
// from the highest ordinal, rolling updates by revision, and the status rollout status reads.
import type { ControllerContext, RunningController } from "./controller-loop.js";
import { runControllerLoop } from "./controller-loop.js";
import { adoptOrphans } from "./adoption.js";
import type { PersistentVolumeClaim, Pod, StatefulSet, Volume } from "./kube-types.js";
import { deleteIfExists, isApiError, writeStatus } from "./object-writes.js";
import {
  isPodActive,
  isPodReady,
  ownedPods,
  ownerKey,
  podFromTemplate,
  templateHash,
} from "./pod-template.js";
import { objectKey, resources, splitKey } from "./resources.js";

const revisionLabel = "controller-revision-hash";

function revisionOf(sts: StatefulSet): string {
  return `${sts.metadata.name ?? ""}-${templateHash(sts.spec.template)}`;
}

function ordinalOf(sts: StatefulSet, pod: Pod): number {
  const prefix = `${sts.metadata.name ?? ""}-`;
  const name = pod.metadata.name ?? "";
  return name.startsWith(prefix) ? Number(name.slice(prefix.length)) : Number.NaN;
}

function claimName(sts: StatefulSet, template: string, ordinal: number): string {
  return `${template}-${sts.metadata.name ?? ""}-${ordinal}`;
}

function ensureClaims(context: ControllerContext, sts: StatefulSet, ordinal: number): void {
  const claims = context.caches.for<PersistentVolumeClaim>(resources.persistentvolumeclaims);
  const namespace = sts.metadata.namespace ?? "default";
  for (const template of sts.spec.volumeClaimTemplates ?? []) {
    const name = claimName(sts, template.metadata.name ?? "", ordinal);
    if (claims.get(namespace, name) !== undefined) continue;
    const claim: PersistentVolumeClaim = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: {
        name,
        namespace,
        labels: { ...sts.spec.selector.matchLabels, ...template.metadata.labels },
        annotations: { ...template.metadata.annotations },
      },
      spec: structuredClone(template.spec),
    };
    try {
      claims.record(
        context.api.create(resources.persistentvolumeclaims, claim) as PersistentVolumeClaim,
      );
    } catch (error) {
      if (!isApiError(error, 409)) throw error;
    }
  }
}

function podFor(sts: StatefulSet, ordinal: number): Pod {
  const name = `${sts.metadata.name ?? ""}-${ordinal}`;
  const pod = podFromTemplate(sts.spec.template, {
    owner: sts,
    name,
    labels: {
      [revisionLabel]: revisionOf(sts),
      "statefulset.kubernetes.io/pod-name": name,
      "apps.kubernetes.io/pod-index": String(ordinal),
    },
  });
  pod.spec.hostname = name;
  if (sts.spec.serviceName !== undefined && sts.spec.serviceName !== "")
    pod.spec.subdomain = sts.spec.serviceName;
  const claimVolumes: Volume[] = (sts.spec.volumeClaimTemplates ?? []).map((t) => ({
    name: t.metadata.name ?? "",
    persistentVolumeClaim: { claimName: claimName(sts, t.metadata.name ?? "", ordinal) },
  }));
  const names = new Set(claimVolumes.map((v) => v.name));
  pod.spec.volumes = [
    ...(pod.spec.volumes ?? []).filter((v) => !names.has(v.name)),
    ...claimVolumes,
  ];
  return pod;
}

interface Members {
  readonly byOrdinal: Map<number, Pod>;
  readonly start: number;
  readonly replicas: number;
}

function members(context: ControllerContext, sts: StatefulSet): Members {
  const byOrdinal = new Map<number, Pod>();
  for (const pod of ownedPods(context.caches.for<Pod>(resources.pods), sts))
    byOrdinal.set(ordinalOf(sts, pod), pod);
  return { byOrdinal, start: sts.spec.ordinals?.start ?? 0, replicas: sts.spec.replicas ?? 1 };
}

const deletePod = (context: ControllerContext, pod: Pod): void => {
  if (pod.metadata.deletionTimestamp !== undefined) return;
  const target = { namespace: pod.metadata.namespace, name: pod.metadata.name ?? "" };
  deleteIfExists(context.api, resources.pods, target);
};

const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === "Running" && isPodReady(pod);

/** One ordinal of a scale-up; returns true when an ordered set must wait for it. */
function stepOrdinal(
  context: ControllerContext,
  sts: StatefulSet,
  ordinal: number,
  pod: Pod | undefined,
): boolean {
  if (pod === undefined) {
    ensureClaims(context, sts, ordinal);
    const created = context.api.create(resources.pods, podFor(sts, ordinal)) as Pod;
    context.caches.for<Pod>(resources.pods).record(created);
    return true;
  }
  if (!isPodActive(pod)) {
    deletePod(context, pod);
    return true;
  }
  return !isRunningAndReady(pod);
}

function scaleUp(context: ControllerContext, sts: StatefulSet, group: Members): void {
  const ordered = sts.spec.podManagementPolicy !== "Parallel";
  for (let ordinal = group.start; ordinal < group.start + group.replicas; ordinal++) {
    const mustWait = stepOrdinal(context, sts, ordinal, group.byOrdinal.get(ordinal));
    if (ordered && mustWait) return;
  }
}

function rollingUpdate(context: ControllerContext, sts: StatefulSet, group: Members): void {
  const pods = [...group.byOrdinal.values()];
  if (pods.some((p) => !isPodReady(p) || p.metadata.deletionTimestamp !== undefined)) return;
  const partition = sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  const revision = revisionOf(sts);
  const outdated = [...group.byOrdinal.entries()]
    .filter(([o, p]) => o >= partition && p.metadata.labels?.[revisionLabel] !== revision)
    .sort(([a], [b]) => b - a);
  const first = outdated[0];
  if (first !== undefined) deletePod(context, first[1]);
}

function scaleDownOrUpdate(context: ControllerContext, sts: StatefulSet, group: Members): void {
  const end = group.start + group.replicas;
  const extra = [...group.byOrdinal.entries()]
    .filter(([o]) => o < group.start || o >= end)
    .sort(([a], [b]) => b - a);
  const ordered = sts.spec.podManagementPolicy !== "Parallel";
  for (const [, pod] of ordered ? extra.slice(0, 1) : extra) deletePod(context, pod);
  if (extra.length > 0 || sts.spec.updateStrategy?.type === "OnDelete") return;
  rollingUpdate(context, sts, group);
}

function writeStatefulSetStatus(context: ControllerContext, sts: StatefulSet): void {
  const pods = ownedPods(context.caches.for<Pod>(resources.pods), sts).filter(
    (p) => p.metadata.deletionTimestamp === undefined,
  );
  const update = revisionOf(sts);
  const updated = pods.filter((p) => p.metadata.labels?.[revisionLabel] === update).length;
  const replicas = sts.spec.replicas ?? 1;
  writeStatus<StatefulSet>(
    context.api,
    resources.statefulsets,
    { namespace: sts.metadata.namespace, name: sts.metadata.name ?? "" },
    (current) => {
      const previous = (current.status?.["currentRevision"] as string | undefined) ?? update;
      const ready = pods.filter(isPodReady).length;
      return {
        observedGeneration: current.metadata.generation ?? 1,
        replicas: pods.length,
        readyReplicas: ready,
        availableReplicas: ready,
        currentReplicas: updated === replicas ? updated : pods.length - updated,
        updatedReplicas: updated,
        currentRevision: updated === replicas && pods.length === replicas ? update : previous,
        updateRevision: update,
        collisionCount: 0,
      };
    },
  );
}

function reconcile(context: ControllerContext, key: string): { requeueAfterMs?: number } {
  const { namespace, name } = splitKey(key);
  const sts = context.caches.for<StatefulSet>(resources.statefulsets).get(namespace, name);
  if (sts === undefined || sts.metadata.deletionTimestamp !== undefined) return {};
  const pods = context.caches.for<Pod>(resources.pods);
  adoptOrphans(context, {
    ref: resources.pods,
    cache: pods,
    owner: sts,
    accepts: (pod) => Number.isInteger(ordinalOf(sts, pod)),
  });
  scaleUp(context, sts, members(context, sts));
  scaleDownOrUpdate(context, sts, members(context, sts));
  writeStatefulSetStatus(context, sts);
  return {};
}

/** Starts the StatefulSet controller. */
export function startStatefulSetController(context: ControllerContext): RunningController {
  const sets = context.caches.for<StatefulSet>(resources.statefulsets);
  const pods = context.caches.for<Pod>(resources.pods);
  return runControllerLoop({
    name: "statefulset",
    logger: context.logger,
    resync: {
      everyMs: 30_000,
      keys: () => sets.list().map((s) => objectKey(s.metadata.namespace, s.metadata.name ?? "")),
    },
    wire: (queue) => [
      sets.onChange(({ object }) => {
        queue.add(objectKey(object.metadata.namespace, object.metadata.name ?? ""));
      }),
      pods.onChange(({ object }) => {
        const owner = ownerKey(object, "StatefulSet");
        if (owner !== undefined) queue.add(owner);
      }),
    ],
    reconcile: (key) => reconcile(context, key),
  });
}
