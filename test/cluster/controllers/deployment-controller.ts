// The Deployment controller: one ReplicaSet per pod template (named `<deployment>-<hash>`,
// labelled pod-template-hash), scaled by the rollout plan, revision annotations, old
// ReplicaSets trimmed to revisionHistoryLimit, and the status `kubectl rollout status` reads.
import type { ControllerContext, RunningController } from "./controller-loop.js";
import { runControllerLoop } from "./controller-loop.js";
import { deploymentStatus, planRollout, rolloutLimits } from "./deployment-rollout.js";
import type { Deployment, ReplicaSet } from "./kube-types.js";
import {
  controllerRef,
  controllerUid,
  deleteIfExists,
  isApiError,
  writeObject,
  writeStatus,
} from "./object-writes.js";
import { adoptersOf, adoptOrphans } from "./adoption.js";
import { ownerKey, templateHash } from "./pod-template.js";
import type { ProcessResult } from "./work-queue.js";
import { objectKey, resources, splitKey } from "./resources.js";

const revisionAnnotation = "deployment.kubernetes.io/revision";
const hashLabel = "pod-template-hash";

function revisionOf(rs: ReplicaSet): number {
  return Number(rs.metadata.annotations?.[revisionAnnotation] ?? "0") || 0;
}

function newReplicaSet(deployment: Deployment, hash: string, revision: number): ReplicaSet {
  const template = structuredClone(deployment.spec.template);
  template.metadata = {
    ...template.metadata,
    labels: { ...template.metadata?.labels, [hashLabel]: hash },
  };
  const { replicas = 1 } = deployment.spec;
  const { surge } = rolloutLimits(deployment);
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${deployment.metadata.name ?? ""}-${hash}`,
      namespace: deployment.metadata.namespace ?? "default",
      labels: { ...template.metadata.labels },
      annotations: {
        [revisionAnnotation]: String(revision),
        "deployment.kubernetes.io/desired-replicas": String(replicas),
        "deployment.kubernetes.io/max-replicas": String(replicas + surge),
      },
      ownerReferences: [controllerRef(deployment)],
    },
    spec: {
      replicas: 0,
      minReadySeconds: 0,
      selector: {
        ...deployment.spec.selector,
        matchLabels: { ...deployment.spec.selector.matchLabels, [hashLabel]: hash },
      },
      template,
    },
  };
}

function bumpRevision(context: ControllerContext, rs: ReplicaSet, revision: number): ReplicaSet {
  const target = { namespace: rs.metadata.namespace, name: rs.metadata.name ?? "" };
  const updated = writeObject<ReplicaSet>(context.api, resources.replicasets, target, (r) => {
    r.metadata.annotations = { ...r.metadata.annotations, [revisionAnnotation]: String(revision) };
  });
  return updated ?? rs;
}

function createReplicaSet(context: ControllerContext, fresh: ReplicaSet): ReplicaSet | undefined {
  try {
    return context.api.create(resources.replicasets, fresh) as ReplicaSet;
  } catch (error) {
    if (!isApiError(error, 409)) throw error;
    return undefined;
  }
}

function initialReplicas(deployment: Deployment, owned: readonly ReplicaSet[]): number {
  const idle = owned.every((rs) => (rs.spec.replicas ?? 0) === 0);
  return idle && deployment.spec.strategy?.type !== "Recreate"
    ? (deployment.spec.replicas ?? 1)
    : 0;
}

function ensureNewReplicaSet(
  context: ControllerContext,
  deployment: Deployment,
  owned: readonly ReplicaSet[],
): { rs: ReplicaSet; created: boolean } {
  const hash = templateHash(deployment.spec.template);
  const existing = owned.find((rs) => rs.metadata.labels?.[hashLabel] === hash);
  const newest = Math.max(0, ...owned.map(revisionOf));
  if (existing !== undefined) {
    const isNewest = revisionOf(existing) === newest;
    return {
      rs: isNewest ? existing : bumpRevision(context, existing, newest + 1),
      created: false,
    };
  }
  const fresh = newReplicaSet(deployment, hash, newest + 1);
  fresh.spec.replicas = initialReplicas(deployment, owned);
  const created = createReplicaSet(context, fresh);
  if (created !== undefined) return { rs: created, created: true };
  const current = context.api.get(
    resources.replicasets,
    fresh.metadata.namespace,
    fresh.metadata.name ?? "",
  );
  if (current === undefined) throw new Error(`replica set ${fresh.metadata.name ?? ""} vanished`);
  return { rs: current as ReplicaSet, created: false };
}

function applyPlan(
  context: ControllerContext,
  plan: ReadonlyMap<string, number>,
  namespace: string | undefined,
): void {
  const cache = context.caches.for<ReplicaSet>(resources.replicasets);
  for (const [name, replicas] of plan) {
    const stored = writeObject<ReplicaSet>(
      context.api,
      resources.replicasets,
      { namespace, name },
      (rs) => {
        rs.spec.replicas = replicas;
      },
    );
    if (stored !== undefined) cache.record(stored);
  }
}

function trimHistory(
  context: ControllerContext,
  deployment: Deployment,
  old: readonly ReplicaSet[],
): void {
  const limit = deployment.spec.revisionHistoryLimit ?? 10;
  const idle = old.filter(
    (rs) => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0,
  );
  for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
    deleteIfExists(context.api, resources.replicasets, {
      namespace: rs.metadata.namespace,
      name: rs.metadata.name ?? "",
    });
  }
}

function reconcile(context: ControllerContext, key: string): ProcessResult {
  const { namespace, name } = splitKey(key);
  const deployment = context.caches.for<Deployment>(resources.deployments).get(namespace, name);
  if (deployment === undefined || deployment.metadata.deletionTimestamp !== undefined) return {};
  const cache = context.caches.for<ReplicaSet>(resources.replicasets);
  adoptOrphans(context, { ref: resources.replicasets, cache, owner: deployment });
  const owned = cache.list(namespace).filter((rs) => controllerUid(rs) === deployment.metadata.uid);
  const { rs: newRs, created } = ensureNewReplicaSet(context, deployment, owned);
  cache.record(newRs);
  const old = owned
    .filter((rs) => rs.metadata.uid !== newRs.metadata.uid)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  if (deployment.spec.paused !== true)
    applyPlan(context, planRollout(deployment, newRs, old), namespace);
  trimHistory(context, deployment, old);
  const all = cache.list(namespace).filter((rs) => controllerUid(rs) === deployment.metadata.uid);
  const current = cache.get(namespace, newRs.metadata.name ?? "") ?? newRs;
  writeStatus<Deployment>(context.api, resources.deployments, { namespace, name }, (d) =>
    deploymentStatus({
      deployment: d,
      newRs: current,
      all,
      createdNewRs: created,
      now: context.clock.now(),
    }),
  );
  writeObject<Deployment>(context.api, resources.deployments, { namespace, name }, (d) => {
    d.metadata.annotations = {
      ...d.metadata.annotations,
      [revisionAnnotation]: String(revisionOf(current)),
    };
  });
  return {};
}

/** Starts the Deployment controller. */
export function startDeploymentController(context: ControllerContext): RunningController {
  const deployments = context.caches.for<Deployment>(resources.deployments);
  const replicaSets = context.caches.for<ReplicaSet>(resources.replicasets);
  return runControllerLoop({
    name: "deployment",
    logger: context.logger,
    resync: {
      everyMs: 30_000,
      keys: () =>
        deployments.list().map((d) => objectKey(d.metadata.namespace, d.metadata.name ?? "")),
    },
    wire: (queue) => [
      deployments.onChange(({ object }) => {
        queue.add(objectKey(object.metadata.namespace, object.metadata.name ?? ""));
      }),
      replicaSets.onChange(({ object }) => {
        const owner = ownerKey(object, "Deployment");
        if (owner !== undefined) queue.add(owner);
        else
          for (const key of adoptersOf(deployments.list(object.metadata.namespace ?? ""), object))
            queue.add(key);
      }),
    ],
    reconcile: (key) => reconcile(context, key),
  });
}
