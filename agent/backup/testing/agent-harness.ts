// Runs the agent in the test process against a cluster's kubeconfig, with a filesystem
// backup storage location: what backup tests need to create Backups and watch them finish.
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import {
  buildCrd,
  KINDS,
  type Backup,
  type BackupSpec,
  type BackupStorageLocation,
} from "../../../lib/api/index.js";
import { systemClock, type Clock } from "../../../lib/clock.js";
import {
  AlreadyExistsError,
  createVeleroClients,
  KubeRestClient,
  type KubeObject,
} from "../../../lib/kube/index.js";
import { createLogger, silentLogger, type Logger, type LogLevel } from "../../../lib/log.js";
import type { AgentContext, AgentControllerFactory } from "../../agent-context.js";
import { parseAgentConfig, type AgentConfig } from "../../config.js";
import { createAgentMetrics } from "../../metrics.js";
import { runAgent } from "../../server.js";
import { LocationStores } from "../../storage/index.js";

/** Options of {@link createAgentHarness}. */
export interface AgentHarnessOptions {
  readonly kubeconfigPath: string;
  /** Extra `server` flags, e.g. `["--concurrent-backups", "2"]`. */
  readonly flags?: readonly string[];
  readonly clock?: Clock;
  /** Log agent lines to stderr at this level (default: silent). */
  readonly logLevel?: LogLevel;
}

/** A test's view of the agent and the cluster it runs against. */
export interface AgentHarness {
  readonly ctx: AgentContext;
  /** Root of the filesystem locations' buckets. */
  readonly storageRoot: string;
  /** Starts the agent with `factories`; resolves once it runs. */
  start(factories: readonly AgentControllerFactory[]): Promise<void>;
  /** Stops the agent and waits for it. */
  stop(): Promise<void>;
  /** Creates a filesystem BackupStorageLocation (status Available unless told otherwise). */
  createLocation(name: string, options?: LocationOptions): Promise<BackupStorageLocation>;
  /** Creates a Backup in the agent's namespace. */
  createBackup(name: string, spec: BackupSpec, labels?: Record<string, string>): Promise<Backup>;
  /** Polls the Backup until `done` holds (default: a final phase); throws after `timeoutMs`. */
  waitForBackup(name: string, done?: (b: Backup) => boolean, timeoutMs?: number): Promise<Backup>;
}

/** How {@link AgentHarness.createLocation} sets up a location. */
export interface LocationOptions {
  readonly bucket?: string;
  readonly prefix?: string;
  readonly isDefault?: boolean;
  readonly accessMode?: "ReadOnly" | "ReadWrite";
  readonly phase?: "Available" | "Unavailable";
}

const finalPhases = ["Completed", "PartiallyFailed", "Failed", "FailedValidation"];

/** True once a backup reached a phase it never leaves. */
export function isFinished(backup: Backup): boolean {
  return finalPhases.includes(backup.status?.phase ?? "");
}

/** Creates Velero's CRDs (existing ones are kept) and waits until the API serves velero.io. */
export async function installVeleroCrds(rest: KubeRestClient): Promise<void> {
  for (const kind of KINDS) {
    try {
      await rest.request({
        method: "POST",
        path: "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        body: buildCrd(kind),
      });
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
  }
  for (let i = 0; i < 100; i++) {
    const served = await rest
      .request({ method: "GET", path: "/apis/velero.io/v1/backups" })
      .then(() => true)
      .catch(() => false);
    if (served) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("velero.io/v1 is not served");
}

/** Builds the agent's context for the cluster, the `velero` namespace and a temp storage root. */
export async function createAgentHarness(options: AgentHarnessOptions): Promise<AgentHarness> {
  const kc = new KubeConfig();
  kc.loadFromFile(options.kubeconfigPath);
  const rest = new KubeRestClient(kc);
  const config: AgentConfig = parseAgentConfig(
    ["--namespace", "velero", "--metrics-address", "127.0.0.1:0", ...(options.flags ?? [])],
    {},
  );
  await installVeleroCrds(rest);
  await rest
    .request({ method: "POST", path: "/api/v1/namespaces", body: namespace("velero") })
    .catch((error: unknown) => {
      if (!(error instanceof AlreadyExistsError)) throw error;
    });
  const clock = options.clock ?? systemClock;
  const logger: Logger =
    options.logLevel === undefined ? silentLogger : createLogger({ level: options.logLevel });
  const velero = createVeleroClients(rest, config.namespace);
  const ctx: AgentContext = {
    config,
    kc,
    rest,
    velero,
    logger,
    clock,
    metrics: createAgentMetrics(),
    locations: new LocationStores({ velero, rest, defaultLocationName: "default", clock, logger }),
  };
  const storageRoot = await mkdtemp(join(tmpdir(), "backup-harness-"));
  return new Harness(ctx, storageRoot);
}

function namespace(name: string): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name } };
}

class Harness implements AgentHarness {
  readonly ctx: AgentContext;
  readonly storageRoot: string;
  #stop: AbortController | undefined;
  #running: Promise<void> | undefined;

  constructor(ctx: AgentContext, storageRoot: string) {
    this.ctx = ctx;
    this.storageRoot = storageRoot;
  }

  start(factories: readonly AgentControllerFactory[]): Promise<void> {
    this.#stop = new AbortController();
    this.#running = runAgent(this.ctx, this.#stop.signal, { factories, skipLeaderElection: true });
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.#stop?.abort(new Error("test over"));
    await this.#running;
    this.#running = undefined;
  }

  async createLocation(
    name: string,
    options: LocationOptions = {},
  ): Promise<BackupStorageLocation> {
    const velero = this.ctx.velero;
    await mkdir(join(this.storageRoot, options.bucket ?? name), { recursive: true });
    await velero.backupStorageLocations.create({
      apiVersion: "velero.io/v1",
      kind: "BackupStorageLocation",
      metadata: { name, namespace: velero.namespace },
      spec: {
        provider: "velero.io/filesystem",
        objectStorage: {
          bucket: options.bucket ?? name,
          ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
        },
        config: { path: this.storageRoot },
        ...(options.isDefault === true ? { default: true } : {}),
        ...(options.accessMode === undefined ? {} : { accessMode: options.accessMode }),
      },
    });
    return velero.backupStorageLocations.patchStatus(name, { phase: options.phase ?? "Available" });
  }

  createBackup(name: string, spec: BackupSpec, labels?: Record<string, string>): Promise<Backup> {
    const velero = this.ctx.velero;
    return velero.backups.create({
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: { name, namespace: velero.namespace, ...(labels === undefined ? {} : { labels }) },
      spec,
    });
  }

  async waitForBackup(
    name: string,
    done: (b: Backup) => boolean = isFinished,
    timeoutMs = 30_000,
  ): Promise<Backup> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const backup = await this.ctx.velero.backups.get(name);
      if (done(backup)) return backup;
      if (Date.now() > deadline) {
        throw new Error(
          `backup ${name} did not get there in time: ${JSON.stringify(backup.status)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
