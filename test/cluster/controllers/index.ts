// The simulated nodes of a local test cluster: scheduler, workload, volume and snapshot controllers,
// and one kubelet per node running pods as sandboxed local processes. The cluster's API
// server calls startControllers once the API is up and serves pods/log from its result.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Clock, systemClock } from "../../../lib/clock.js";
import { createLogger, type Logger } from "../../../lib/log.js";
import type { ClusterApi, PodLogSource } from "../cluster-api.js";
import { ClusterExecSource, type PodExecSource } from "../exec/pod-exec-source.js";
import { LogRegistry, type SandboxMode } from "../kubelet/container-launcher.js";
import { defaultShellImages, type LocalImages } from "../kubelet/image-plan.js";
import { Kubelet } from "../kubelet/kubelet.js";
import { ClusterLogSource } from "../kubelet/pod-log-source.js";
import { PvDataStore } from "../kubelet/pv-data-store.js";
import { type RestartBackoffOptions, testClusterBackoff } from "../kubelet/restart-backoff.js";
import { probeBwrap } from "../kubelet/sandbox.js";
import type { ControllerContext, RunningController } from "./controller-loop.js";
import { startWorkloadControllers } from "./workload-controllers.js";
import { CacheSet } from "./object-cache.js";
import { startScheduler } from "./scheduler.js";
import { startSnapshotController } from "../csi/snapshot-controller.js";

export type { LocalImages } from "../kubelet/image-plan.js";

/** The repository checkout the local images run from. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The repository of the project's own image (agent, node-agent, restore helper). */
export const projectImage = "ghcr.io/kubectl-velero/velero";

/** The test-only image whose program is `test/fixtures/images/probe.ts`. */
export const probeImage = "localhost/kubectl-velero/probe";

/** `node --import tsx <script>`: how a local image's program starts. */
export function nodeProgram(script: string): string[] {
  return [process.execPath, "--import", import.meta.resolve("tsx"), script];
}

/** The default image → program mapping: the project image and the test probe image. */
export const defaultLocalImages: LocalImages = {
  [projectImage]: nodeProgram(join(repoRoot, "test/cluster/kubelet/project-image.ts")),
  [probeImage]: nodeProgram(join(repoRoot, "test/fixtures/images/probe.ts")),
};

/** Options of {@link startControllers}. */
export interface StartControllersOptions {
  readonly api: ClusterApi;
  readonly clusterName: string;
  readonly dataDir: string;
  readonly nodes: readonly string[];
  /** `https://127.0.0.1:<port>`: pods get its host and port as KUBERNETES_SERVICE_HOST/PORT. */
  readonly apiServerUrl: string;
  readonly caCertPath: string;
  serviceAccountToken(namespace: string, name: string): string;
  /** Extra (or replacement) image → program mappings, merged over {@link defaultLocalImages}. */
  readonly localImages?: LocalImages;
  /** Images whose commands run with the host's shell tools (default busybox, alpine, ...). */
  readonly shellImages?: readonly string[];
  /** "auto" (default) uses bwrap when it works and falls back loudly to direct processes. */
  readonly sandbox?: "auto" | SandboxMode;
  readonly backoff?: RestartBackoffOptions;
  readonly logger?: Logger;
  readonly clock?: Clock;
}

/** What {@link startControllers} returns to the API server. */
export interface RunningControllers {
  readonly logs: PodLogSource;
  readonly exec: PodExecSource;
  stop(): Promise<void>;
}

function chooseSandbox(requested: StartControllersOptions["sandbox"], logger: Logger): SandboxMode {
  if (requested === "bwrap" || requested === "direct") return requested;
  const probe = probeBwrap();
  if (probe.usable) return "bwrap";
  logger.error(
    "bubblewrap (bwrap) does not work here; pod processes run UNSANDBOXED on the host with their paths under KUBECTL_VELERO_ROOT",
    { detail: probe.detail },
  );
  return "direct";
}

function serviceEnv(apiServerUrl: string): Record<string, string> {
  const url = new URL(apiServerUrl);
  const port = url.port === "" ? "443" : url.port;
  return {
    KUBERNETES_SERVICE_HOST: "127.0.0.1",
    KUBERNETES_SERVICE_PORT: port,
    KUBERNETES_SERVICE_PORT_HTTPS: port,
    KUBERNETES_PORT: `tcp://127.0.0.1:${port}`,
    KUBERNETES_PORT_443_TCP: `tcp://127.0.0.1:${port}`,
    KUBERNETES_PORT_443_TCP_PROTO: "tcp",
    KUBERNETES_PORT_443_TCP_PORT: port,
    KUBERNETES_PORT_443_TCP_ADDR: "127.0.0.1",
  };
}

function hostReadOnly(): string[] {
  const nodeDir = dirname(process.execPath);
  const paths = [repoRoot.replace(/\/$/, "")];
  if (!["/usr/", "/bin/", "/sbin/"].some((p) => nodeDir.startsWith(p))) paths.push(nodeDir);
  return paths;
}

/** Starts everything; see the file comment. */
export function startControllers(options: StartControllersOptions): RunningControllers {
  const logger = (options.logger ?? createLogger({ level: "warn" })).child({
    cluster: options.clusterName,
  });
  const clock = options.clock ?? systemClock;
  const caches = new CacheSet(options.api);
  const context: ControllerContext = { api: options.api, caches, logger, clock };
  const pvStore = new PvDataStore(options.dataDir);
  const logs = new LogRegistry();
  const runtime = {
    dataDir: options.dataDir,
    pvStore,
    caCertPath: options.caCertPath,
    backoff: options.backoff ?? testClusterBackoff,
    serviceAccountToken: (ns: string, name: string) => options.serviceAccountToken(ns, name),
    launcher: {
      logs,
      baseEnv: serviceEnv(options.apiServerUrl),
      images: {
        localImages: { ...defaultLocalImages, ...options.localImages },
        shellImages: options.shellImages ?? defaultShellImages,
      },
      sandbox: chooseSandbox(options.sandbox, logger),
      hostReadOnly: hostReadOnly(),
    },
  };
  const kubelets = options.nodes.map(
    (nodeName, index) => new Kubelet({ nodeName, nodeIndex: index + 1, context, runtime }),
  );
  for (const kubelet of kubelets) kubelet.start();
  const controllers: RunningController[] = [
    startScheduler(context),
    ...startWorkloadControllers(context, pvStore),
    startSnapshotController(context, pvStore),
  ];
  const nodes = new Map(kubelets.map((k) => [k.nodeName, k.paths]));
  return {
    logs: new ClusterLogSource({ nodes, logs, clock }),
    exec: new ClusterExecSource(new Map(kubelets.map((k) => [k.nodeName, k]))),
    stop: async () => {
      await Promise.all(controllers.map((c) => c.stop()));
      await Promise.all(kubelets.map((k) => k.stop()));
      caches.stop();
    },
  };
}
