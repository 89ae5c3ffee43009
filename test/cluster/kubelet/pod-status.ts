// The pod status the kubelet reports, computed from its containers' progress: the phase as
// the pod lifecycle defines it, the conditions (PodReadyToStartContainers, Initialized, Ready,
// ContainersReady, PodScheduled) with their reasons, IPs, start time and QoS class.
import { formatTime, setCondition } from "../controllers/conditions.js";
import type { Condition, ContainerStatus, Pod, PodStatus } from "../controllers/kube-types.js";

/** Where a pod's containers are. */
export interface PodProgress {
  /** Volumes are set up and the pod has its IP. */
  readonly prepared: boolean;
  /** Every (non-sidecar) init container finished successfully. */
  readonly initialized: boolean;
  /** An init container failed and will not be retried (restartPolicy Never). */
  readonly initFailed: boolean;
  readonly apps: readonly { readonly running: boolean; readonly exitCode: number | undefined }[];
  readonly restartPolicy: "Always" | "OnFailure" | "Never";
}

/** The phase of a pod in `progress`. */
export function podPhase(progress: PodProgress): NonNullable<PodStatus["phase"]> {
  if (progress.initFailed) return "Failed";
  if (!progress.prepared || !progress.initialized) return "Pending";
  const { apps } = progress;
  if (apps.some((a) => a.running)) return "Running";
  if (apps.some((a) => a.exitCode === undefined)) return "Pending";
  const allSucceeded = apps.every((a) => a.exitCode === 0);
  if (allSucceeded && progress.restartPolicy !== "Always") return "Succeeded";
  if (progress.restartPolicy === "Never") return "Failed";
  return "Running";
}

/** The QoS class of a pod from its containers' requests and limits. */
export function qosClass(pod: Pod): "BestEffort" | "Burstable" | "Guaranteed" {
  const containers = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  const resources = containers.map((c) => c.resources ?? {});
  const isEmpty = (r: Record<string, string> | undefined): boolean =>
    Object.keys(r ?? {}).length === 0;
  if (resources.every((r) => isEmpty(r.limits) && isEmpty(r.requests))) return "BestEffort";
  const guaranteed = resources.every((r) => {
    const limits = r.limits ?? {};
    const requests = r.requests ?? limits;
    return ["cpu", "memory"].every((k) => limits[k] !== undefined && requests[k] === limits[k]);
  });
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** Input of {@link buildPodStatus}. */
export interface PodStatusInput {
  readonly pod: Pod;
  readonly progress: PodProgress;
  readonly initStatuses: readonly ContainerStatus[];
  readonly appStatuses: readonly ContainerStatus[];
  readonly hostIP: string;
  readonly podIP: string | undefined;
  readonly startTime: Date | undefined;
  readonly now: Date;
}

function names(statuses: readonly ContainerStatus[]): string {
  return `[${statuses.map((s) => s.name).join(" ")}]`;
}

function readinessConditions(input: PodStatusInput, phase: string): Condition[] {
  const unready = input.appStatuses.filter((s) => !s.ready);
  if (phase === "Succeeded" || phase === "Failed") {
    const done = { status: "False" as const, reason: "PodCompleted" };
    return [
      { type: "Ready", ...done },
      { type: "ContainersReady", ...done },
    ];
  }
  if (unready.length === 0 && phase === "Running") {
    return [
      { type: "Ready", status: "True" },
      { type: "ContainersReady", status: "True" },
    ];
  }
  const message = `containers with unready status: ${names(unready)}`;
  const notReady = { status: "False" as const, reason: "ContainersNotReady", message };
  return [
    { type: "Ready", ...notReady },
    { type: "ContainersReady", ...notReady },
  ];
}

function podConditions(input: PodStatusInput, phase: string): Condition[] {
  const incomplete = input.initStatuses.filter(
    (s) => s.state.terminated?.exitCode !== 0 && !s.started,
  );
  const initialized: Condition = input.progress.initialized
    ? { type: "Initialized", status: "True" }
    : {
        type: "Initialized",
        status: "False",
        reason: "ContainersNotInitialized",
        message: `containers with incomplete status: ${names(incomplete)}`,
      };
  const wanted: Condition[] = [
    { type: "PodReadyToStartContainers", status: input.progress.prepared ? "True" : "False" },
    initialized,
    ...readinessConditions(input, phase),
    { type: "PodScheduled", status: "True" },
  ];
  let conditions = input.pod.status?.conditions ?? [];
  for (const condition of wanted)
    conditions = setCondition(conditions, { ...condition, lastProbeTime: null }, input.now);
  const order = wanted.map((c) => c.type);
  return [...conditions].sort((a, b) => rank(order, a.type) - rank(order, b.type));
}

function rank(order: readonly string[], type: string): number {
  const index = order.indexOf(type);
  return index < 0 ? order.length : index;
}

/** The full status the kubelet writes for the pod. */
export function buildPodStatus(input: PodStatusInput): PodStatus {
  const phase = podPhase(input.progress);
  const status: PodStatus = {
    phase,
    conditions: podConditions(input, phase),
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    qosClass: qosClass(input.pod),
    containerStatuses: [...input.appStatuses],
  };
  if (input.podIP !== undefined) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  if (input.startTime !== undefined) status.startTime = formatTime(input.startTime);
  if (input.initStatuses.length > 0) status.initContainerStatuses = [...input.initStatuses];
  return status;
}
