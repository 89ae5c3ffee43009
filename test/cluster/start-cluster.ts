// Starting and stopping one local test cluster in this process: data directory, TLS and tokens,
// storage (persisted under --data-dir), the API state, the HTTPS server, the kubeconfig, and
// the simulated nodes' controllers when test/cluster/controllers is present.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "../../lib/log.js";
import { silentLogger } from "../../lib/log.js";
import type { ClusterApi, PodLogSource } from "./cluster-api.js";
import { publishApiEndpoint } from "./bootstrap.js";
import { createClusterState } from "./cluster-state.js";
import type { ClusterState } from "./cluster-state.js";
import type { PodExecSource } from "./exec/pod-exec-source.js";
import { startApiServer } from "./http/api-server.js";
import type { ApiServer } from "./http/api-server.js";
import { ensureCertificates } from "./security/certificates.js";
import { writeKubeconfig } from "./security/kubeconfig.js";
import { loadTokenAuthority } from "./security/token-authority.js";
import { openFileJournal } from "./store/file-journal.js";
import type { Journal, JournalState } from "./store/journal.js";
import type { ResourceApi } from "./api/resource-api.js";

/** Options of {@link startCluster}. */
export interface StartClusterOptions {
  /** Names the kubeconfig's cluster, user and context, and the nodes (`<name>-node-1`). */
  readonly name: string;
  readonly nodes?: number;
  /** Keeps state, certificates and tokens across restarts; a temp dir removed on stop otherwise. */
  readonly dataDir?: string;
  /** Where to write the kubeconfig (default `<dataDir>/kubeconfig`). */
  readonly kubeconfigPath?: string;
  /** Port on 127.0.0.1 (default: any free port). */
  readonly port?: number;
  readonly log?: Logger;
  /** Start the simulated scheduler/controllers/kubelet when available (default true). */
  readonly controllers?: boolean;
  /** How many changes watches can replay before 410 Gone (default 50,000). */
  readonly historySize?: number;
}

/** A running local cluster. */
export interface LocalCluster {
  readonly name: string;
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly dataDir: string;
  readonly caCertPath: string;
  readonly adminToken: string;
  /** The in-process API (same semantics as HTTP requests). */
  readonly api: ResourceApi;
  readonly nodeNames: readonly string[];
  /** A bearer token for a ServiceAccount (what pods get mounted). */
  serviceAccountToken(namespace: string, name: string): string;
  /** Test hooks: end every open watch cleanly; forget the change history (later old watches get 410). */
  readonly hooks: {
    dropWatches(): void;
    compactHistory(): void;
    openWatches(): number;
    expiredWatches(): number;
  };
  stop(): Promise<void>;
}

interface Controllers {
  readonly logs: PodLogSource;
  readonly exec?: PodExecSource;
  stop(): Promise<void>;
}

type StartControllers = (options: {
  api: ClusterApi;
  clusterName: string;
  dataDir: string;
  nodes: string[];
  apiServerUrl: string;
  caCertPath: string;
  serviceAccountToken: (namespace: string, name: string) => string;
}) => Controllers | Promise<Controllers>;

const CONTROLLERS_ENTRY = new URL("./controllers/index.ts", import.meta.url);

async function loadControllers(): Promise<StartControllers | undefined> {
  if (!existsSync(fileURLToPath(CONTROLLERS_ENTRY))) return undefined;
  const module = (await import(CONTROLLERS_ENTRY.href.replace(/\.ts$/, ".js"))) as {
    startControllers?: unknown;
  };
  return typeof module.startControllers === "function"
    ? (module.startControllers as StartControllers)
    : undefined;
}

async function openStorage(
  dataDir: string,
  persist: boolean,
): Promise<{ journal?: Journal; initial?: JournalState }> {
  if (!persist) return {};
  const { journal, state } = await openFileJournal(dataDir);
  return { journal, initial: state };
}

/** Starts a cluster; resolves once it serves requests and the kubeconfig is written. */
export async function startCluster(options: StartClusterOptions): Promise<LocalCluster> {
  const log = options.log ?? silentLogger;
  const persist = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), `cluster-${options.name}-`)));
  const pki = join(dataDir, "pki");
  await mkdir(pki, { recursive: true });
  const [certificates, tokens, storage] = await Promise.all([
    ensureCertificates(pki, options.name),
    loadTokenAuthority(pki),
    openStorage(dataDir, persist),
  ]);
  const state = createClusterState({
    clusterName: options.name,
    nodes: options.nodes ?? 1,
    log,
    caCertificate: certificates.caCertificate,
    ...storage,
    ...(options.historySize === undefined ? {} : { historySize: options.historySize }),
  });
  const logSource: { current?: PodLogSource; exec?: PodExecSource } = {};
  const server = await startApiServer({
    ctx: state.ctx,
    tokens,
    certificates,
    log,
    logs: () => logSource.current,
    exec: () => logSource.exec,
    terminateNamespace: (name) => {
      state.ctx.workers.namespaceDeleting(name);
    },
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  publishApiEndpoint(state.ctx, server.port);
  const kubeconfigPath = options.kubeconfigPath ?? join(dataDir, "kubeconfig");
  await writeKubeconfig(kubeconfigPath, {
    name: options.name,
    server: server.url,
    caCertificate: certificates.caCertificate,
    token: tokens.adminToken,
  });
  const serviceAccountToken = (namespace: string, name: string): string =>
    tokens.serviceAccountToken(namespace, name);
  const controllers =
    options.controllers === false
      ? undefined
      : await startControllersIfPresent(state, {
          dataDir,
          url: server.url,
          caCertPath: certificates.caCertificatePath,
          serviceAccountToken,
          name: options.name,
        });
  if (controllers !== undefined) logSource.current = controllers.logs;
  logSource.exec = controllers?.exec;
  return {
    name: options.name,
    url: server.url,
    kubeconfigPath,
    dataDir,
    caCertPath: certificates.caCertificatePath,
    adminToken: tokens.adminToken,
    api: state.api,
    nodeNames: state.nodeNames,
    serviceAccountToken,
    hooks: {
      dropWatches: () => {
        server.watches.endAll();
      },
      compactHistory: () => {
        state.ctx.store.history.compact(state.ctx.store.currentRevision);
      },
      openWatches: () => server.watches.size,
      expiredWatches: () => server.watches.expiredCount,
    },
    stop: () =>
      stopAll({
        controllers,
        server,
        state,
        journal: storage.journal,
        tempDir: persist ? undefined : dataDir,
      }),
  };
}

async function startControllersIfPresent(
  state: ClusterState,
  where: {
    dataDir: string;
    url: string;
    caCertPath: string;
    name: string;
    serviceAccountToken: (ns: string, name: string) => string;
  },
): Promise<Controllers | undefined> {
  const start = await loadControllers();
  if (start === undefined) return undefined;
  const controllers = await start({
    api: state.api,
    clusterName: where.name,
    dataDir: where.dataDir,
    nodes: [...state.nodeNames],
    apiServerUrl: where.url,
    caCertPath: where.caCertPath,
    serviceAccountToken: where.serviceAccountToken,
  });
  state.setKubeletRunning(true);
  return controllers;
}

async function stopAll(parts: {
  controllers: Controllers | undefined;
  server: ApiServer;
  state: ClusterState;
  journal: Journal | undefined;
  tempDir: string | undefined;
}): Promise<void> {
  await parts.controllers?.stop();
  parts.state.setKubeletRunning(false);
  await parts.server.close();
  parts.state.stop();
  await parts.journal?.close();
  if (parts.tempDir !== undefined) await rm(parts.tempDir, { recursive: true, force: true });
}
