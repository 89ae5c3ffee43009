// One simulated node's kubelet: follows the pods bound to its node, runs one PodWorker per
// pod through a keyed queue, reports the node's heartbeat, and on start-up re-learns the PV
// data left in pod directories and cleans up the directories of pods that no longer exist.
import { readFileSync, readdirSync, rmSync } from "node:fs";
import type { ControllerContext } from "../controllers/controller-loop.js";
import type {
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
} from "../controllers/kube-types.js";
import { resources } from "../controllers/resources.js";
import { WorkQueue } from "../controllers/work-queue.js";
import type { ContainerLauncherOptions } from "./container-launcher.js";
import { ContainerLauncher } from "./container-launcher.js";
import { IpAllocator } from "./ip-allocator.js";
import { KubeletPaths } from "./kubelet-paths.js";
import { startNodeHeartbeat } from "./node-status.js";
import { PodWorker, type PodWorkerHost } from "./pod-worker.js";
import type { PvDataStore } from "./pv-data-store.js";
import type { RestartBackoffOptions } from "./restart-backoff.js";
import type { LaunchCommand } from "./sandbox.js";
import type { PayloadSources } from "./volume-payloads.js";
import { findPvMounts, type VolumeHost } from "./volume-mounter.js";

/** What every kubelet of the cluster shares. */
export interface KubeletRuntime {
  readonly dataDir: string;
  readonly pvStore: PvDataStore;
  readonly caCertPath: string;
  readonly backoff: RestartBackoffOptions;
  readonly launcher: Omit<
    ContainerLauncherOptions,
    "paths" | "envSources" | "allocatable" | "logger" | "now"
  >;
  serviceAccountToken(namespace: string, name: string): string;
}

/** Options of {@link Kubelet}. */
export interface KubeletOptions {
  readonly nodeName: string;
  readonly nodeIndex: number;
  readonly context: ControllerContext;
  readonly runtime: KubeletRuntime;
  /** Grace period for processes when the whole cluster stops. */
  readonly shutdownGraceMs?: number;
}

const resyncEveryMs = 10_000;

function decoded(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
  );
}

/** See the file comment. */
export class Kubelet {
  readonly nodeName: string;
  readonly paths: KubeletPaths;
  readonly hostIP: string;
  private readonly options: KubeletOptions;
  private readonly workers = new Map<string, PodWorker>();
  private readonly latest = new Map<string, Pod | undefined>();
  private readonly ips: IpAllocator;
  private readonly queue: WorkQueue;
  private readonly host: PodWorkerHost;
  private readonly stoppers: (() => void)[] = [];

  constructor(options: KubeletOptions) {
    this.options = options;
    this.nodeName = options.nodeName;
    this.paths = new KubeletPaths(options.runtime.dataDir, options.nodeName);
    const node: Node | undefined = options.context.caches
      .for<Node>(resources.nodes)
      .get(undefined, options.nodeName);
    const internal = node?.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
    this.hostIP = internal ?? `172.18.0.${options.nodeIndex + 1}`;
    this.ips = new IpAllocator(node?.spec?.podCIDR ?? `10.244.${options.nodeIndex}.0/24`);
    const logger = options.context.logger.child({ node: options.nodeName });
    this.queue = new WorkQueue({ logger, concurrency: 32, process: (uid) => this.process(uid) });
    this.host = this.workerHost(node);
  }

  /** Starts following the node's pods. */
  start(): void {
    const pods = this.options.context.caches.for<Pod>(resources.pods);
    this.recoverVolumes();
    this.stoppers.push(
      pods.onChange(({ type, object, old }) => {
        const mine = object.spec.nodeName === this.nodeName || old?.spec.nodeName === this.nodeName;
        if (!mine) return;
        this.track(object.metadata.uid ?? "", type === "DELETED" ? undefined : object);
      }),
      this.options.context.caches
        .for<PersistentVolumeClaim>(resources.persistentvolumeclaims)
        .onChange(({ object }) => {
          for (const [uid, pod] of this.latest)
            if (pod?.metadata.namespace === object.metadata.namespace) this.queue.add(uid);
        }),
    );
    for (const pod of pods.list())
      if (pod.spec.nodeName === this.nodeName) this.track(pod.metadata.uid ?? "", pod);
    this.cleanOrphans();
    const resync = setInterval(() => {
      for (const uid of this.latest.keys()) this.queue.add(uid);
    }, resyncEveryMs);
    resync.unref();
    this.stoppers.push(() => {
      clearInterval(resync);
    });
    const { api, clock, logger } = this.options.context;
    this.stoppers.push(
      startNodeHeartbeat({ api, clock, logger, nodeName: this.nodeName, hostIP: this.hostIP }),
    );
  }

  /** Stops following pods and ends every container process (pods stay as they are in the API). */
  async stop(): Promise<void> {
    for (const stop of this.stoppers.splice(0)) stop();
    await this.queue.stop();
    const grace = this.options.shutdownGraceMs ?? 3_000;
    await Promise.all([...this.workers.values()].map((w) => w.shutdown(grace)));
  }

  /** How to run `argv` in container `container` of pod `uid` (pods/exec); undefined unless it runs here. */
  execCommand(uid: string, container: string, argv: readonly string[]): LaunchCommand | undefined {
    const target = this.workers.get(uid)?.running(container);
    return target === undefined ? undefined : this.host.launcher.execCommand({ ...target, argv });
  }

  private track(uid: string, pod: Pod | undefined): void {
    if (pod === undefined && !this.workers.has(uid)) {
      this.latest.delete(uid);
      return;
    }
    this.latest.set(uid, pod);
    this.queue.add(uid);
  }

  private async process(uid: string): Promise<{ requeueAfterMs?: number }> {
    const pod = this.latest.get(uid);
    let worker = this.workers.get(uid);
    if (worker === undefined) {
      if (pod === undefined) return {};
      const ip = pod.status?.podIP;
      if (ip !== undefined) this.ips.reserve(uid, ip);
      worker = new PodWorker(pod, this.host);
      this.workers.set(uid, worker);
    }
    const result = await worker.sync(pod);
    if (worker.isGone) {
      this.workers.delete(uid);
      if (
        this.latest.get(uid) === undefined ||
        this.latest.get(uid)?.metadata.deletionTimestamp !== undefined
      ) {
        this.latest.delete(uid);
      }
    }
    return result;
  }

  private podDirs(): string[] {
    try {
      return readdirSync(this.paths.podsDir);
    } catch {
      return [];
    }
  }

  private recoverVolumes(): void {
    for (const uid of this.podDirs()) {
      for (const { pv, target } of findPvMounts(this.paths, uid))
        this.options.runtime.pvStore.recover(pv, target);
    }
  }

  private cleanOrphans(): void {
    for (const uid of this.podDirs()) {
      if (this.latest.has(uid)) continue;
      for (const { pv, target } of findPvMounts(this.paths, uid))
        this.options.runtime.pvStore.unmount(pv, target);
      rmSync(this.paths.podDir(uid), { recursive: true, force: true });
      this.options.context.logger.info("removed the directory of a pod that no longer exists", {
        node: this.nodeName,
        uid,
      });
    }
  }

  private workerHost(node: Node | undefined): PodWorkerHost {
    const { context, runtime } = this.options;
    const logger = context.logger.child({ node: this.nodeName });
    const allocatable = node?.status?.allocatable ?? { cpu: "4", memory: "8Gi" };
    const now = (): Date => context.clock.now();
    const sources: PayloadSources = {
      configMap: (ns, name) =>
        context.api.get(resources.configmaps, ns, name) as
          { data?: Record<string, string> } | undefined,
      secret: (ns, name) =>
        context.api.get(resources.secrets, ns, name) as
          { data?: Record<string, string> } | undefined,
      serviceAccountToken: (ns, name) => runtime.serviceAccountToken(ns, name),
      allocatable,
    };
    const volumeHost: VolumeHost = {
      paths: this.paths,
      pvStore: runtime.pvStore,
      sources,
      claim: (ns, name) =>
        context.api.get(resources.persistentvolumeclaims, ns, name) as
          PersistentVolumeClaim | undefined,
      persistentVolume: (name) =>
        context.api.get(resources.persistentvolumes, undefined, name) as
          PersistentVolume | undefined,
      serviceAccount: (ns, name) => context.api.get(resources.serviceaccounts, ns, name),
      caCert: () => readFileSync(runtime.caCertPath, "utf8"),
      now,
    };
    const envSources = {
      configMap: (ns: string, name: string) => {
        const configMap = sources.configMap(ns, name);
        return configMap === undefined ? undefined : (configMap.data ?? {});
      },
      secret: (ns: string, name: string) => {
        const secret = sources.secret(ns, name);
        return secret === undefined ? undefined : decoded(secret.data);
      },
    };
    const launcher = new ContainerLauncher({
      ...runtime.launcher,
      paths: this.paths,
      envSources,
      allocatable,
      logger,
      now,
    });
    return {
      api: context.api,
      logger,
      clock: context.clock,
      hostIP: this.hostIP,
      volumeHost,
      launcher,
      backoff: runtime.backoff,
      allocateIp: (uid) => this.ips.allocate(uid),
      releaseIp: (uid) => {
        this.ips.release(uid);
      },
      resync: (uid) => {
        this.queue.add(uid);
      },
    };
  }
}
