// Table printers of pods and the workload kinds, with the columns `kubectl get` shows.
import type { KubeObject } from "../../cluster-api.js";
import { age, humanDuration } from "./human-duration.js";
import { AGE, NAME, at, column, containerColumns, labelText, list, num, str } from "./printer.js";
import type { Printer } from "./printer.js";

function podReason(pod: KubeObject): string {
  let reason = str(pod, "status.reason", str(pod, "status.phase", "Unknown"));
  const initStatuses = list(pod, "status.initContainerStatuses");
  const initTotal = list(pod, "spec.initContainers").length;
  for (const [i, status] of initStatuses.entries()) {
    if (at(status, "state.terminated.exitCode") === 0) continue;
    if (at(status, "state.terminated") !== undefined)
      return `Init:${str(status, "state.terminated.reason", "Error")}`;
    const waiting = str(status, "state.waiting.reason", "");
    return waiting !== "" && waiting !== "PodInitializing"
      ? `Init:${waiting}`
      : `Init:${i}/${initTotal}`;
  }
  for (const status of [...list(pod, "status.containerStatuses")].reverse()) {
    const waiting = str(status, "state.waiting.reason", "");
    const terminated = str(status, "state.terminated.reason", "");
    if (waiting !== "") reason = waiting;
    else if (terminated !== "") reason = terminated;
  }
  if (pod.metadata.deletionTimestamp !== undefined) return "Terminating";
  return reason;
}

function restarts(pod: KubeObject, now: Date): string {
  const statuses = list(pod, "status.containerStatuses");
  const total = statuses.reduce((sum, s) => sum + num(s, "restartCount"), 0);
  const finished = statuses
    .map((s) => at(s, "lastState.terminated.finishedAt"))
    .filter((t): t is string => typeof t === "string")
    .sort();
  const last = finished[finished.length - 1];
  return total > 0 && last !== undefined
    ? `${total} (${humanDuration(now.getTime() - new Date(last).getTime())} ago)`
    : String(total);
}

const pods: Printer = {
  columns: [
    NAME,
    column("Ready"),
    column("Status"),
    column("Restarts", "string"),
    AGE,
    column("IP", "string", 1),
    column("Node", "string", 1),
    column("Nominated Node", "string", 1),
    column("Readiness Gates", "string", 1),
  ],
  cells: (pod, now) => {
    const ready = list(pod, "status.containerStatuses").filter((s) => s["ready"] === true).length;
    return [
      pod.metadata.name,
      `${ready}/${list(pod, "spec.containers").length}`,
      podReason(pod),
      restarts(pod, now),
      age(pod.metadata.creationTimestamp, now),
      str(pod, "status.podIP"),
      str(pod, "spec.nodeName"),
      str(pod, "status.nominatedNodeName"),
      "<none>",
    ];
  },
};

const WIDE_TEMPLATE = [
  column("Containers", "string", 1),
  column("Images", "string", 1),
  column("Selector", "string", 1),
];

function templateCells(object: KubeObject): string[] {
  return [
    ...containerColumns(at(object, "spec.template.spec")),
    labelText(at(object, "spec.selector.matchLabels")),
  ];
}

const deployments: Printer = {
  columns: [
    NAME,
    column("Ready"),
    column("Up-to-date", "integer"),
    column("Available", "integer"),
    AGE,
    ...WIDE_TEMPLATE,
  ],
  cells: (d, now) => [
    d.metadata.name,
    `${num(d, "status.readyReplicas")}/${num(d, "spec.replicas")}`,
    num(d, "status.updatedReplicas"),
    num(d, "status.availableReplicas"),
    age(d.metadata.creationTimestamp, now),
    ...templateCells(d),
  ],
};

const replicaSets: Printer = {
  columns: [
    NAME,
    column("Desired", "integer"),
    column("Current", "integer"),
    column("Ready", "integer"),
    AGE,
    ...WIDE_TEMPLATE,
  ],
  cells: (rs, now) => [
    rs.metadata.name,
    num(rs, "spec.replicas"),
    num(rs, "status.replicas"),
    num(rs, "status.readyReplicas"),
    age(rs.metadata.creationTimestamp, now),
    ...templateCells(rs),
  ],
};

const statefulSets: Printer = {
  columns: [
    NAME,
    column("Ready"),
    AGE,
    column("Containers", "string", 1),
    column("Images", "string", 1),
  ],
  cells: (s, now) => [
    s.metadata.name,
    `${num(s, "status.readyReplicas")}/${num(s, "spec.replicas")}`,
    age(s.metadata.creationTimestamp, now),
    ...containerColumns(at(s, "spec.template.spec")),
  ],
};

const daemonSets: Printer = {
  columns: [
    NAME,
    column("Desired", "integer"),
    column("Current", "integer"),
    column("Ready", "integer"),
    column("Up-to-date", "integer"),
    column("Available", "integer"),
    column("Node Selector"),
    AGE,
    ...WIDE_TEMPLATE,
  ],
  cells: (d, now) => [
    d.metadata.name,
    num(d, "status.desiredNumberScheduled"),
    num(d, "status.currentNumberScheduled"),
    num(d, "status.numberReady"),
    num(d, "status.updatedNumberScheduled"),
    num(d, "status.numberAvailable"),
    labelText(at(d, "spec.template.spec.nodeSelector")),
    age(d.metadata.creationTimestamp, now),
    ...templateCells(d),
  ],
};

function jobStatus(job: KubeObject): string {
  const conditions = list(job, "status.conditions").filter((c) => c["status"] === "True");
  for (const type of ["Complete", "Failed", "FailureTarget", "SuccessCriteriaMet", "Suspended"]) {
    if (conditions.some((c) => c["type"] === type))
      return type === "FailureTarget" ? "Failing" : type;
  }
  return "Running";
}

function jobDuration(job: KubeObject, now: Date): string {
  const start = at(job, "status.startTime");
  if (typeof start !== "string") return "";
  const end = at(job, "status.completionTime");
  const until = typeof end === "string" ? new Date(end) : now;
  return humanDuration(until.getTime() - new Date(start).getTime());
}

const jobs: Printer = {
  columns: [
    NAME,
    column("Status"),
    column("Completions"),
    column("Duration"),
    AGE,
    ...WIDE_TEMPLATE,
  ],
  cells: (j, now) => [
    j.metadata.name,
    jobStatus(j),
    `${num(j, "status.succeeded")}/${num(j, "spec.completions") || 1}`,
    jobDuration(j, now),
    age(j.metadata.creationTimestamp, now),
    ...templateCells(j),
  ],
};

const cronJobs: Printer = {
  columns: [
    NAME,
    column("Schedule"),
    column("Timezone"),
    column("Suspend", "boolean"),
    column("Active", "integer"),
    column("Last Schedule"),
    AGE,
    column("Containers", "string", 1),
    column("Images", "string", 1),
    column("Selector", "string", 1),
  ],
  cells: (c, now) => [
    c.metadata.name,
    str(c, "spec.schedule"),
    str(c, "spec.timeZone"),
    at(c, "spec.suspend") === true ? "True" : "False",
    list(c, "status.active").length,
    typeof at(c, "status.lastScheduleTime") === "string"
      ? age(at(c, "status.lastScheduleTime"), now)
      : "<none>",
    age(c.metadata.creationTimestamp, now),
    ...containerColumns(at(c, "spec.jobTemplate.spec.template.spec")),
    labelText(at(c, "spec.jobTemplate.spec.selector.matchLabels")),
  ],
};

/** Workload printers by storage key. */
export const WORKLOAD_PRINTERS: ReadonlyMap<string, Printer> = new Map([
  ["/pods", pods],
  ["apps/deployments", deployments],
  ["apps/replicasets", replicaSets],
  ["apps/statefulsets", statefulSets],
  ["apps/daemonsets", daemonSets],
  ["batch/jobs", jobs],
  ["batch/cronjobs", cronJobs],
]);
