// The kubelet's work on one pod: set up its volumes and IP, run init containers in order and
// then the app containers, restart them per restartPolicy with back-off, report status, and on
// deletion stop the processes (grace period), give the volumes back and remove the object.
import { rmSync } from "node:fs";
import type { Clock } from "../../../lib/clock.js";
import { errorMessage } from "../../../lib/errors.js";
import type { Logger } from "../../../lib/log.js";
import type { ClusterApi } from "../cluster-api.js";
import type { Pod } from "../controllers/kube-types.js";
import { deleteIfExists, writeStatus } from "../controllers/object-writes.js";
import { resources } from "../controllers/resources.js";
import type { ContainerLauncher, ExecLaunchRequest } from "./container-launcher.js";
import { ContainerSlot } from "./container-slot.js";
import { EnvResolutionError } from "./env-resolver.js";
import { buildPodStatus, podPhase, type PodProgress } from "./pod-status.js";
import type { RestartBackoffOptions } from "./restart-backoff.js";
import { VolumeNotReadyError } from "./volume-payloads.js";
import {
  type PodVolumes,
  setUpPodVolumes,
  tearDownPodVolumes,
  type VolumeHost,
} from "./volume-mounter.js";

/** What a pod worker needs from its kubelet. */
export interface PodWorkerHost {
  readonly api: ClusterApi;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly hostIP: string;
  readonly volumeHost: VolumeHost;
  readonly launcher: ContainerLauncher;
  readonly backoff: RestartBackoffOptions;
  allocateIp(uid: string): string;
  releaseIp(uid: string): void;
  /** Asks for another sync of the pod soon (a container exited). */
  resync(uid: string): void;
}

/** What a sync asks of the kubelet's queue. */
export interface SyncResult {
  readonly requeueAfterMs?: number;
}

const volumeRetryMs = 1_000;
const configRetryMs = 2_000;
/** Grace period for processes of a pod that vanished from the API without a graceful delete. */
const vanishedGraceMs = 2_000;

type Step = { readonly state: "done" | "waiting" | "failed"; readonly requeueAfterMs?: number };

function shouldRestart(
  policy: PodProgress["restartPolicy"],
  exitCode: number | undefined,
): boolean {
  if (exitCode === undefined) return false;
  return policy === "Always" || (policy === "OnFailure" && exitCode !== 0);
}

function isSidecar(slot: ContainerSlot): boolean {
  return slot.spec.restartPolicy === "Always";
}

function gracePeriodMs(pod: Pod): number {
  const seconds = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds;
  return (seconds ?? 30) * 1000;
}

function minDelay(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

/** See the file comment. Calls to {@link PodWorker.sync} must not overlap (the work queue ensures it). */
export class PodWorker {
  readonly uid: string;
  private pod: Pod;
  private readonly host: PodWorkerHost;
  private readonly inits: ContainerSlot[];
  private readonly apps: ContainerSlot[];
  private volumes: PodVolumes | undefined;
  private podIP: string | undefined;
  private startTime: Date | undefined;
  private state: "active" | "finished" | "gone" = "active";

  constructor(pod: Pod, host: PodWorkerHost) {
    this.pod = pod;
    this.uid = pod.metadata.uid ?? "";
    this.host = host;
    const previous = new Map(
      [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].map(
        (s) => [s.name, s],
      ),
    );
    const slot = (spec: Pod["spec"]["containers"][number]): ContainerSlot => {
      const before = previous.get(spec.name);
      const count = before === undefined ? 0 : before.restartCount + (before.started ? 1 : 0);
      return new ContainerSlot(spec, host.backoff, count);
    };
    this.inits = (pod.spec.initContainers ?? []).map(slot);
    this.apps = pod.spec.containers.map(slot);
    this.startTime =
      pod.status?.startTime === undefined ? undefined : new Date(pod.status.startTime);
  }

  /** True once the pod's processes are stopped and its directories removed. */
  get isGone(): boolean {
    return this.state === "gone";
  }

  /** Brings the node in line with `pod` (undefined: the pod no longer exists). */
  async sync(pod: Pod | undefined): Promise<SyncResult> {
    if (this.state === "gone") return {};
    if (pod === undefined) {
      await this.terminate(vanishedGraceMs);
      return {};
    }
    this.pod = pod;
    if (pod.metadata.deletionTimestamp !== undefined) {
      await this.terminate(gracePeriodMs(pod));
      this.removeFromApi();
      return {};
    }
    if (this.state === "finished") return {};
    if (!this.prepare()) return { requeueAfterMs: volumeRetryMs };
    const step = this.advance();
    const phase = this.report(step.state === "failed");
    if (phase === "Succeeded" || phase === "Failed") await this.finish();
    return step.requeueAfterMs === undefined ? {} : { requeueAfterMs: step.requeueAfterMs };
  }

  /** The pod, spec and volumes of `containerName` while it runs (what pods/exec needs). */
  running(containerName: string): Omit<ExecLaunchRequest, "argv"> | undefined {
    const slot = [...this.inits, ...this.apps].find((s) => s.spec.name === containerName);
    if (slot?.isRunning !== true || this.volumes === undefined) return undefined;
    return { pod: this.pod, container: slot.spec, volumes: this.volumes };
  }

  /** Stops the pod's processes without touching the API or the disk (the kubelet is stopping). */
  async shutdown(graceMs: number): Promise<void> {
    await Promise.all([...this.inits, ...this.apps].map((s) => s.stop(graceMs)));
  }

  private prepare(): boolean {
    if (this.volumes !== undefined) return true;
    this.startTime ??= this.host.clock.now();
    try {
      this.volumes = setUpPodVolumes(this.pod, this.host.volumeHost);
    } catch (error) {
      if (!(error instanceof VolumeNotReadyError)) throw error;
      this.host.logger.debug("volumes not ready", {
        pod: this.pod.metadata.name,
        reason: error.message,
      });
      this.report(false);
      return false;
    }
    this.podIP = this.host.allocateIp(this.uid);
    return true;
  }

  private advance(): Step {
    const init = this.advanceInit();
    if (init.state !== "done") return init;
    return this.advanceApps();
  }

  private advanceInit(): Step {
    const policy = this.pod.spec.restartPolicy ?? "Always";
    for (const slot of this.inits) {
      if (isSidecar(slot)) {
        const step = this.keepRunning(slot, "Always");
        if (!slot.hasStarted) return { state: "waiting", ...step };
        continue;
      }
      if (slot.exitCode === 0) continue;
      if (slot.isRunning) return { state: "waiting" };
      if (slot.exitCode !== undefined && policy === "Never") return { state: "failed" };
      return { state: "waiting", ...this.keepRunning(slot, "OnFailure") };
    }
    return { state: "done" };
  }

  private advanceApps(): Step {
    const policy = this.pod.spec.restartPolicy ?? "Always";
    let requeueAfterMs: number | undefined;
    for (const slot of [...this.inits.filter(isSidecar), ...this.apps]) {
      const step = this.keepRunning(slot, isSidecar(slot) ? "Always" : policy);
      requeueAfterMs = minDelay(requeueAfterMs, step.requeueAfterMs);
    }
    return requeueAfterMs === undefined ? { state: "done" } : { state: "done", requeueAfterMs };
  }

  /** Starts the slot when it never ran or when its policy restarts it and the back-off allows. */
  private keepRunning(
    slot: ContainerSlot,
    policy: PodProgress["restartPolicy"],
  ): { requeueAfterMs?: number } {
    if (slot.isRunning) return {};
    if (slot.hasStarted && !shouldRestart(policy, slot.exitCode)) return {};
    const wait = slot.hasStarted ? slot.waitMs(this.host.clock.now()) : 0;
    if (wait > 0) return { requeueAfterMs: wait };
    return this.startSlot(slot);
  }

  private startSlot(slot: ContainerSlot): { requeueAfterMs?: number } {
    const volumes = this.volumes;
    if (volumes === undefined) return {};
    const isInit = this.inits.includes(slot) && !isSidecar(slot);
    try {
      slot.start(
        (restartCount) =>
          this.host.launcher.launch({
            pod: this.pod,
            container: slot.spec,
            volumes,
            restartCount,
            isInit,
          }),
        () => {
          this.host.resync(this.uid);
        },
      );
      return {};
    } catch (error) {
      if (!(error instanceof EnvResolutionError)) throw error;
      slot.setWaiting("CreateContainerConfigError", error.message);
      return { requeueAfterMs: configRetryMs };
    }
  }

  private progress(initFailed: boolean): PodProgress {
    const restartPolicy = this.pod.spec.restartPolicy ?? "Always";
    const initialized = this.inits.every((s) => (isSidecar(s) ? s.hasStarted : s.exitCode === 0));
    const apps = this.apps.map((s) => ({ running: s.isRunning, exitCode: s.exitCode }));
    return { prepared: this.volumes !== undefined, initialized, initFailed, apps, restartPolicy };
  }

  /** Writes the pod's status; returns its phase. */
  private report(initFailed: boolean): string {
    const progress = this.progress(initFailed);
    const now = this.host.clock.now();
    const policy = progress.restartPolicy;
    const statusOf = (
      slot: ContainerSlot,
      restarting: boolean,
      initializing: boolean,
    ): ReturnType<ContainerSlot["status"]> =>
      slot.status({ ready: true, initializing, restarting, now });
    const initStatuses = this.inits.map((s) =>
      statusOf(s, isSidecar(s) || (policy !== "Never" && s.exitCode !== 0), false),
    );
    const appStatuses = this.apps.map((s) =>
      statusOf(s, shouldRestart(policy, s.exitCode), !progress.initialized),
    );
    const target = { namespace: this.pod.metadata.namespace, name: this.pod.metadata.name ?? "" };
    try {
      writeStatus<Pod>(this.host.api, resources.pods, target, (current) => {
        if (current.metadata.uid !== this.uid || current.metadata.deletionTimestamp !== undefined)
          return undefined;
        return buildPodStatus({
          pod: current,
          progress,
          initStatuses,
          appStatuses,
          hostIP: this.host.hostIP,
          podIP: this.podIP,
          startTime: this.startTime,
          now,
        });
      });
    } catch (error) {
      this.host.logger.warn("writing pod status failed", {
        pod: target.name,
        error: errorMessage(error),
      });
    }
    return podPhase(progress);
  }

  /** The pod reached Succeeded or Failed: stop what still runs and give PV data back. */
  private async finish(): Promise<void> {
    this.state = "finished";
    await Promise.all([...this.inits, ...this.apps].map((s) => s.stop(0)));
    for (const { pv, target } of this.volumes?.pvMounts ?? [])
      this.host.volumeHost.pvStore.unmount(pv, target);
  }

  private async terminate(graceMs: number): Promise<void> {
    if (this.state === "gone") return;
    await Promise.all([...this.inits, ...this.apps].map((s) => s.stop(graceMs)));
    const volumes = this.state === "finished" ? undefined : this.volumes;
    tearDownPodVolumes(this.uid, volumes, this.host.volumeHost);
    const pod = {
      namespace: this.pod.metadata.namespace ?? "",
      name: this.pod.metadata.name ?? "",
      uid: this.uid,
    };
    rmSync(this.host.volumeHost.paths.podLogDir(pod), { recursive: true, force: true });
    this.host.releaseIp(this.uid);
    this.state = "gone";
  }

  private removeFromApi(): void {
    const { namespace, name = "" } = this.pod.metadata;
    const current = this.host.api.get(resources.pods, namespace, name);
    if (current?.metadata.uid !== this.uid) return;
    deleteIfExists(this.host.api, resources.pods, { namespace, name }, { gracePeriodSeconds: 0 });
  }
}
