// The arithmetic of Deployment rollouts, pure: maxSurge/maxUnavailable resolution, how far
// the new ReplicaSet scales up and the old ones down (RollingUpdate and Recreate), and the
// status with the Available and Progressing conditions `kubectl rollout status` reads.
import { formatTime, setCondition } from "./conditions.js";
import type { Condition, Deployment, ReplicaSet } from "./kube-types.js";

/** Resolves an int-or-percent of `total`, rounding up (surge) or down (unavailable). */
export function resolveIntOrPercent(
  value: number | string | undefined,
  fallback: string,
  total: number,
  roundUp: boolean,
): number {
  const raw = value ?? fallback;
  if (typeof raw === "number") return raw;
  const percent = /^(\d+)%$/.exec(raw);
  if (percent === null) return Number.parseInt(raw, 10) || 0;
  const exact = (Number(percent[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge and maxUnavailable of a deployment (never both zero). */
export function rolloutLimits(deployment: Deployment): { surge: number; unavailable: number } {
  const replicas = deployment.spec.replicas ?? 1;
  const rolling = deployment.spec.strategy?.rollingUpdate;
  const surge = resolveIntOrPercent(rolling?.maxSurge, "25%", replicas, true);
  const unavailable = resolveIntOrPercent(rolling?.maxUnavailable, "25%", replicas, false);
  return { surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

const specReplicas = (rs: ReplicaSet): number => rs.spec.replicas ?? 0;
const available = (rs: ReplicaSet): number => rs.status?.availableReplicas ?? 0;

const nameOf = (rs: ReplicaSet): string => rs.metadata.name ?? "";

function planRecreate(
  replicas: number,
  newRs: ReplicaSet,
  old: readonly ReplicaSet[],
): Map<string, number> {
  const plan = new Map<string, number>();
  for (const rs of old) if (specReplicas(rs) > 0) plan.set(nameOf(rs), 0);
  const oldRunning = old.some((rs) => specReplicas(rs) > 0 || (rs.status?.replicas ?? 0) > 0);
  if (!oldRunning && specReplicas(newRs) !== replicas) plan.set(nameOf(newRs), replicas);
  return plan;
}

function scaledUpCount(replicas: number, surge: number, total: number, current: number): number {
  if (current >= replicas) return replicas;
  return current + Math.max(0, Math.min(replicas + surge - total, replicas - current));
}

/**
 * Desired `spec.replicas` per ReplicaSet name for the next step of a rollout. `old` is ordered
 * oldest first. Only ReplicaSets whose count changes appear in the result.
 */
export function planRollout(
  deployment: Deployment,
  newRs: ReplicaSet,
  old: readonly ReplicaSet[],
): Map<string, number> {
  const replicas = deployment.spec.replicas ?? 1;
  if (deployment.spec.strategy?.type === "Recreate") return planRecreate(replicas, newRs, old);
  const plan = new Map<string, number>();
  const { surge, unavailable } = rolloutLimits(deployment);
  const total = [newRs, ...old].reduce((sum, rs) => sum + specReplicas(rs), 0);
  const newCount = scaledUpCount(replicas, surge, total, specReplicas(newRs));
  if (newCount !== specReplicas(newRs)) plan.set(nameOf(newRs), newCount);
  const newUnavailable = Math.max(0, specReplicas(newRs) - available(newRs));
  let budget = total - (replicas - unavailable) - newUnavailable;
  for (const rs of old) {
    const take = Math.min(specReplicas(rs), Math.max(0, budget));
    if (take > 0) plan.set(nameOf(rs), specReplicas(rs) - take);
    budget -= take;
  }
  return plan;
}

function progressing(newRs: ReplicaSet, complete: boolean, created: boolean): Condition {
  const rsName = nameOf(newRs);
  const base = { type: "Progressing", status: "True" as const };
  if (complete) {
    return {
      ...base,
      reason: "NewReplicaSetAvailable",
      message: `ReplicaSet "${rsName}" has successfully progressed.`,
    };
  }
  if (created) {
    return {
      ...base,
      reason: "NewReplicaSetCreated",
      message: `Created new replica set "${rsName}"`,
    };
  }
  return {
    ...base,
    reason: "ReplicaSetUpdated",
    message: `ReplicaSet "${rsName}" is progressing.`,
  };
}

function withUpdateTime(
  conditions: Condition[],
  previous: readonly Condition[] | undefined,
  nowText: string,
): Condition[] {
  return conditions.map((c) => {
    const before = previous?.find((p) => p.type === c.type);
    const same =
      before !== undefined &&
      before.status === c.status &&
      before.reason === c.reason &&
      before.message === c.message;
    return { ...c, lastUpdateTime: same ? (before.lastUpdateTime ?? nowText) : nowText };
  });
}

/** Input of {@link deploymentStatus}. */
export interface DeploymentStatusInput {
  readonly deployment: Deployment;
  readonly newRs: ReplicaSet;
  readonly all: readonly ReplicaSet[];
  readonly createdNewRs: boolean;
  readonly now: Date;
}

function availableCondition(isAvailable: boolean): Condition {
  return isAvailable
    ? {
        type: "Available",
        status: "True",
        reason: "MinimumReplicasAvailable",
        message: "Deployment has minimum availability.",
      }
    : {
        type: "Available",
        status: "False",
        reason: "MinimumReplicasUnavailable",
        message: "Deployment does not have minimum availability.",
      };
}

/** The status a deployment reports for its ReplicaSets. */
export function deploymentStatus(input: DeploymentStatusInput): NonNullable<Deployment["status"]> {
  const { deployment, newRs, all, now } = input;
  const replicas = deployment.spec.replicas ?? 1;
  const sum = (pick: (rs: ReplicaSet) => number): number =>
    all.reduce((total, rs) => total + pick(rs), 0);
  const statusReplicas = sum((rs) => rs.status?.replicas ?? 0);
  const availableReplicas = sum(available);
  const updatedReplicas = newRs.status?.replicas ?? 0;
  const complete = [updatedReplicas, statusReplicas, availableReplicas, available(newRs)].every(
    (n) => n === replicas,
  );
  const isAvailable = availableReplicas >= replicas - rolloutLimits(deployment).unavailable;
  const previous = deployment.status?.conditions;
  let conditions = setCondition(previous, availableCondition(isAvailable), now);
  conditions = setCondition(conditions, progressing(newRs, complete, input.createdNewRs), now);
  return {
    observedGeneration: deployment.metadata.generation ?? 1,
    replicas: statusReplicas,
    updatedReplicas,
    readyReplicas: sum((rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas,
    unavailableReplicas: Math.max(0, replicas - availableReplicas),
    conditions: withUpdateTime(conditions, previous, formatTime(now)),
  };
}
