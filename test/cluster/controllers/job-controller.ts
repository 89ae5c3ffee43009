// The Job controller: runs pods of the template (up to parallelism) until `completions` have
// succeeded, counts failures against backoffLimit and activeDeadlineSeconds, and sets the
// conditions (SuccessCriteriaMet/Complete, FailureTarget/Failed) `kubectl wait` looks for;
// finished jobs with ttlSecondsAfterFinished are deleted when it expires.
import { formatTime, isConditionTrue, setCondition } from "./conditions.js";
import type { ControllerContext, RunningController } from "./controller-loop.js";
import { runControllerLoop } from "./controller-loop.js";
import type { Condition, Job, Pod } from "./kube-types.js";
import { deleteIfExists, writeStatus } from "./object-writes.js";
import { isPodActive, isPodReady, ownedPods, ownerKey, podFromTemplate } from "./pod-template.js";
import { objectKey, resources, splitKey } from "./resources.js";

type Outcome =
  | { readonly done: false }
  | { readonly done: true; readonly conditions: Condition[]; readonly succeeded: boolean };

function isFinished(job: Job): boolean {
  return (
    isConditionTrue(job.status?.conditions, "Complete") ||
    isConditionTrue(job.status?.conditions, "Failed")
  );
}

function decide(job: Job, counts: { succeeded: number; failed: number }, now: Date): Outcome {
  const completions = job.spec.completions ?? 1;
  if (counts.succeeded >= completions) {
    const reason = {
      reason: "CompletionsReached",
      message: "Reached expected number of succeeded pods",
    };
    return {
      done: true,
      succeeded: true,
      conditions: [
        { type: "SuccessCriteriaMet", status: "True", ...reason },
        { type: "Complete", status: "True", ...reason },
      ],
    };
  }
  const failure = failureReason(job, counts.failed, now);
  if (failure === undefined) return { done: false };
  return {
    done: true,
    succeeded: false,
    conditions: [
      { type: "FailureTarget", status: "True", ...failure },
      { type: "Failed", status: "True", ...failure },
    ],
  };
}

function failureReason(
  job: Job,
  failed: number,
  now: Date,
): { reason: string; message: string } | undefined {
  if (failed > (job.spec.backoffLimit ?? 6))
    return {
      reason: "BackoffLimitExceeded",
      message: "Job has reached the specified backoff limit",
    };
  const deadline = job.spec.activeDeadlineSeconds;
  const start = job.status?.startTime;
  if (
    deadline !== undefined &&
    start !== undefined &&
    Date.parse(start) + deadline * 1000 <= now.getTime()
  ) {
    return { reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" };
  }
  return undefined;
}

function createPods(context: ControllerContext, job: Job, count: number): void {
  const uid = job.metadata.uid ?? "";
  const name = job.metadata.name ?? "";
  const labels = {
    "batch.kubernetes.io/controller-uid": uid,
    "batch.kubernetes.io/job-name": name,
    "controller-uid": uid,
    "job-name": name,
  };
  for (let i = 0; i < count; i++) {
    const pod = podFromTemplate(job.spec.template, { owner: job, labels });
    context.caches.for<Pod>(resources.pods).record(context.api.create(resources.pods, pod) as Pod);
  }
}

function countFinished(job: Job, pods: readonly Pod[]): { succeeded: number; failed: number } {
  const count = (phase: string): number => pods.filter((p) => p.status?.phase === phase).length;
  return {
    succeeded: Math.max(job.status?.succeeded ?? 0, count("Succeeded")),
    failed: Math.max(job.status?.failed ?? 0, count("Failed")),
  };
}

function wantedActive(job: Job, outcome: Outcome, succeeded: number): number {
  if (outcome.done || job.spec.suspend === true) return 0;
  return Math.min(job.spec.parallelism ?? 1, (job.spec.completions ?? 1) - succeeded);
}

function deletePods(context: ControllerContext, pods: readonly Pod[]): void {
  for (const pod of pods) {
    const target = { namespace: pod.metadata.namespace, name: pod.metadata.name ?? "" };
    deleteIfExists(context.api, resources.pods, target);
  }
}

function reconcile(context: ControllerContext, key: string): { requeueAfterMs?: number } {
  const { namespace, name } = splitKey(key);
  const job = context.caches.for<Job>(resources.jobs).get(namespace, name);
  if (job === undefined || job.metadata.deletionTimestamp !== undefined) return {};
  const now = context.clock.now();
  if (isFinished(job)) return expire(context, job, now);
  const pods = ownedPods(context.caches.for<Pod>(resources.pods), job);
  const counts = countFinished(job, pods);
  const active = pods.filter(isPodActive);
  const outcome = decide(job, counts, now);
  if (outcome.done) deletePods(context, active);
  const wanted = wantedActive(job, outcome, counts.succeeded);
  if (active.length < wanted) createPods(context, job, wanted - active.length);
  writeJobStatus(context, job, {
    ...counts,
    active: outcome.done ? 0 : Math.max(active.length, wanted),
    ready: active.filter(isPodReady).length,
    outcome,
    now,
    started: job.spec.suspend !== true,
  });
  return job.spec.activeDeadlineSeconds === undefined || outcome.done
    ? {}
    : { requeueAfterMs: 1_000 };
}

interface JobProgress {
  readonly succeeded: number;
  readonly failed: number;
  readonly active: number;
  readonly ready: number;
  readonly outcome: Outcome;
  readonly now: Date;
  readonly started: boolean;
}

function writeJobStatus(context: ControllerContext, job: Job, progress: JobProgress): void {
  const target = { namespace: job.metadata.namespace, name: job.metadata.name ?? "" };
  writeStatus<Job>(context.api, resources.jobs, target, (current) => {
    const status = {
      ...current.status,
      active: progress.active,
      ready: progress.ready,
      succeeded: progress.succeeded,
      failed: progress.failed,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    if (progress.started) status.startTime ??= formatTime(progress.now);
    if (!progress.outcome.done) return status;
    let conditions = current.status?.conditions;
    for (const condition of progress.outcome.conditions)
      conditions = setCondition(
        conditions,
        { ...condition, lastProbeTime: formatTime(progress.now) },
        progress.now,
      );
    const completion = progress.outcome.succeeded
      ? { completionTime: formatTime(progress.now) }
      : {};
    return { ...status, ...completion, conditions };
  });
}

function expire(context: ControllerContext, job: Job, now: Date): { requeueAfterMs?: number } {
  const ttl = job.spec.ttlSecondsAfterFinished;
  if (ttl === undefined) return {};
  const finishedAt =
    job.status?.completionTime ??
    job.status?.conditions?.find((c) => c.type === "Failed")?.lastTransitionTime;
  const due = Date.parse(finishedAt ?? formatTime(now)) + ttl * 1000 - now.getTime();
  if (due > 0) return { requeueAfterMs: due };
  deleteIfExists(
    context.api,
    resources.jobs,
    { namespace: job.metadata.namespace, name: job.metadata.name ?? "" },
    { propagationPolicy: "Background" },
  );
  return {};
}

/** Starts the Job controller. */
export function startJobController(context: ControllerContext): RunningController {
  const jobs = context.caches.for<Job>(resources.jobs);
  const pods = context.caches.for<Pod>(resources.pods);
  return runControllerLoop({
    name: "job",
    logger: context.logger,
    resync: {
      everyMs: 30_000,
      keys: () => jobs.list().map((j) => objectKey(j.metadata.namespace, j.metadata.name ?? "")),
    },
    wire: (queue) => [
      jobs.onChange(({ object }) => {
        queue.add(objectKey(object.metadata.namespace, object.metadata.name ?? ""));
      }),
      pods.onChange(({ object }) => {
        const owner = ownerKey(object, "Job");
        if (owner !== undefined) queue.add(owner);
      }),
    ],
    reconcile: (key) => reconcile(context, key),
  });
}
