// Starts one run of a container: resolves its environment, picks how its image runs, builds
// its mounts, opens its CRI log file and launches it (sandboxed process, direct process, or
// simulated), as the container runtime does for the kubelet.
import { join } from "node:path";
import type { Logger } from "../../../lib/log.js";
import type { Container, Pod } from "../controllers/kube-types.js";
import { type RunningContainer, startProcess, startSimulated } from "./container-process.js";
import { type EnvSources, expandArgs, resolveEnv } from "./env-resolver.js";
import { type ImagePlanOptions, planImage } from "./image-plan.js";
import type { KubeletPaths } from "./kubelet-paths.js";
import { ContainerLogWriter } from "./log-store.js";
import { bwrapCommand, directCommand, type LaunchCommand, type SandboxRequest } from "./sandbox.js";
import { containerMounts, type PodVolumes } from "./volume-mounter.js";

/** The log files being written, by path, so followers can attach to them. */
export class LogRegistry {
  private readonly writers = new Map<string, ContainerLogWriter>();

  /** Opens (appends to) the log at `path`. */
  open(path: string, now: () => Date): ContainerLogWriter {
    const writer = new ContainerLogWriter(path, now);
    this.writers.set(path, writer);
    writer.once("close", () => {
      if (this.writers.get(path) === writer) this.writers.delete(path);
    });
    return writer;
  }

  /** The open writer of `path`, if its container is still running. */
  live(path: string): ContainerLogWriter | undefined {
    return this.writers.get(path);
  }
}

/** How container processes are isolated on this machine. */
export type SandboxMode = "bwrap" | "direct";

/** Options of {@link ContainerLauncher}. */
export interface ContainerLauncherOptions {
  readonly paths: KubeletPaths;
  readonly logs: LogRegistry;
  readonly envSources: EnvSources;
  /** Variables every container starts with (KUBERNETES_SERVICE_HOST, ...). */
  readonly baseEnv: Readonly<Record<string, string>>;
  readonly images: ImagePlanOptions;
  readonly sandbox: SandboxMode;
  readonly hostReadOnly: readonly string[];
  readonly allocatable: Readonly<Record<string, string>>;
  readonly logger: Logger;
  now(): Date;
}

/** What to launch. */
export interface LaunchRequest {
  readonly pod: Pod;
  readonly container: Container;
  readonly volumes: PodVolumes;
  readonly restartCount: number;
  readonly isInit: boolean;
}

const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** What to run with {@link ContainerLauncher.execCommand}. */
export interface ExecLaunchRequest {
  readonly pod: Pod;
  readonly container: Container;
  readonly volumes: PodVolumes;
  readonly argv: readonly string[];
}

interface SandboxedRequest extends ExecLaunchRequest {
  readonly env: Record<string, string>;
  readonly rootName: string;
}

/** See the file comment. */
export class ContainerLauncher {
  private readonly options: ContainerLauncherOptions;
  private execs = 0;

  constructor(options: ContainerLauncherOptions) {
    this.options = options;
  }

  /** The log file of one run of a container. */
  logPath(pod: Pod, container: string, restartCount: number): string {
    const ref = {
      namespace: pod.metadata.namespace ?? "",
      name: pod.metadata.name ?? "",
      uid: pod.metadata.uid ?? "",
    };
    return join(this.options.paths.containerLogDir(ref, container), `${restartCount}.log`);
  }

  /** Launches a run; throws EnvResolutionError (CreateContainerConfigError) before starting anything. */
  launch(request: LaunchRequest): RunningContainer {
    const { pod, container } = request;
    const env = this.environment(pod, container);
    const plan = planImage(container, this.options.images);
    const now = (): Date => this.options.now();
    const log = this.options.logs.open(
      this.logPath(pod, container.name, request.restartCount),
      now,
    );
    if (plan.kind === "simulated") return startSimulated(log, now, request.isInit);
    const argv = expandArgs(plan.argv, env);
    const command = this.sandboxed({ ...request, argv, env, rootName: "root" });
    this.options.logger.debug("starting container", {
      pod: pod.metadata.name,
      container: container.name,
      argv,
      sandbox: this.options.sandbox,
    });
    return startProcess(command, log, now);
  }

  /**
   * How to run `argv` beside a running container (pods/exec): the same sandbox view, environment
   * and working directory as the container's own process, whatever its image.
   */
  execCommand(request: ExecLaunchRequest): LaunchCommand {
    const env = this.environment(request.pod, request.container);
    this.execs += 1;
    return this.sandboxed({ ...request, env, rootName: `exec-${String(this.execs)}` });
  }

  private sandboxed(request: SandboxedRequest): LaunchCommand {
    const { pod, container } = request;
    const sandboxRequest: SandboxRequest = {
      argv: request.argv,
      env: request.env,
      mounts: containerMounts(container, request.volumes),
      workingDir: container.workingDir,
      hostname: pod.spec.hostname ?? pod.metadata.name ?? "pod",
      hostReadOnly: this.options.hostReadOnly,
      fallbackRoot: join(
        this.options.paths.podDir(pod.metadata.uid ?? ""),
        "containers",
        container.name,
        request.rootName,
      ),
    };
    return this.options.sandbox === "bwrap"
      ? bwrapCommand(sandboxRequest)
      : directCommand(sandboxRequest);
  }

  private environment(pod: Pod, container: Container): Record<string, string> {
    const base = {
      PATH: defaultPath,
      HOME: "/root",
      HOSTNAME: pod.spec.hostname ?? pod.metadata.name ?? "",
      ...this.options.baseEnv,
    };
    return resolveEnv({
      pod,
      container,
      sources: this.options.envSources,
      base,
      allocatable: this.options.allocatable,
    });
  }
}
