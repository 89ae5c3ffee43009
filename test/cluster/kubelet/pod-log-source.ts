// `GET pods/<name>/log` for the whole cluster: picks the container as the API server does
// (the only one, or the one named; 400 otherwise), finds the run's CRI log file on the pod's
// node (the current run, or the previous one), and streams it with the request's options.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { Clock } from "../../../lib/clock.js";
import {
  ApiError,
  type KubeObject,
  type PodLogOptions,
  type PodLogSource,
} from "../cluster-api.js";
import type { Pod } from "../controllers/kube-types.js";
import type { LogRegistry } from "./container-launcher.js";
import type { KubeletPaths } from "./kubelet-paths.js";
import { openLogStream } from "./log-store.js";

function badRequest(message: string): ApiError {
  return new ApiError(400, "BadRequest", message);
}

/** The container a log request is about, or the API's 400 when it cannot tell. */
export function selectLogContainer(pod: Pod, requested: string | undefined): string {
  const name = pod.metadata.name ?? "";
  const apps = pod.spec.containers.map((c) => c.name);
  const inits = (pod.spec.initContainers ?? []).map((c) => c.name);
  const ephemeral = ((pod.spec["ephemeralContainers"] ?? []) as { name: string }[]).map(
    (c) => c.name,
  );
  if (requested === undefined || requested === "") {
    if (apps.length === 1 && apps[0] !== undefined) return apps[0];
    const initPart = inits.length > 0 ? ` or one of the init containers: [${inits.join(" ")}]` : "";
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${apps.join(" ")}]${initPart}`,
    );
  }
  if (![...apps, ...inits, ...ephemeral].includes(requested)) {
    throw badRequest(`container ${requested} is not valid for pod ${name}`);
  }
  return requested;
}

function runFiles(dir: string): number[] {
  try {
    return readdirSync(dir)
      .map((file) => /^(\d+)\.log$/.exec(file)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

function waitingReason(pod: Pod, container: string): string {
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ];
  return statuses.find((s) => s.name === container)?.state.waiting?.reason ?? "ContainerCreating";
}

function logPath(pod: Pod, dir: string, container: string, previous: boolean | undefined): string {
  const name = pod.metadata.name ?? "";
  const runs = runFiles(dir);
  const run = previous === true ? runs.at(-2) : runs.at(-1);
  if (run === undefined && previous === true) {
    throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  }
  if (run === undefined) {
    const reason = waitingReason(pod, container);
    throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  }
  return join(dir, `${run}.log`);
}

/** Options of {@link ClusterLogSource}. */
export interface ClusterLogSourceOptions {
  /** The layout of each node, by node name. */
  readonly nodes: ReadonlyMap<string, KubeletPaths>;
  readonly logs: LogRegistry;
  readonly clock: Clock;
}

/** See the file comment. */
export class ClusterLogSource implements PodLogSource {
  private readonly options: ClusterLogSourceOptions;

  constructor(options: ClusterLogSourceOptions) {
    this.options = options;
  }

  readLog(object: KubeObject, options: PodLogOptions): Readable {
    const pod = object as Pod;
    const name = pod.metadata.name ?? "";
    const container = selectLogContainer(pod, options.container);
    const paths = this.options.nodes.get(pod.spec.nodeName ?? "");
    if (paths === undefined) throw badRequest(`pod ${name} does not have a host assigned`);
    const ref = { namespace: pod.metadata.namespace ?? "", name, uid: pod.metadata.uid ?? "" };
    const path = logPath(pod, paths.containerLogDir(ref, container), container, options.previous);
    const live = options.previous === true ? undefined : this.options.logs.live(path);
    return openLogStream({ path, live, options, now: this.options.clock.now() });
  }
}
