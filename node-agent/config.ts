// The node-agent's configuration, from `velero node-agent server` flags and the pod's
// environment. The only reader of argv and process.env in the node-agent.
import { join } from "node:path";
import { Command } from "commander";
import { VeleroError } from "../lib/errors.js";
import {
  defineConnectionFlags,
  durationArg,
  listArg,
  positiveIntArg,
  type ConnectionFlags,
} from "../lib/server-flags/index.js";
import { isLogLevel, type LogLevel } from "../lib/log.js";

/** Everything the node-agent needs at start-up. Durations are milliseconds. */
export interface NodeAgentConfig {
  /** This node's name (`NODE_NAME`, from the pod's `spec.nodeName`). */
  readonly nodeName: string;
  readonly namespace: string;
  readonly kubeconfig: string | undefined;
  readonly kubeContext: string | undefined;
  readonly logLevel: LogLevel;
  readonly logFormat: "text" | "json";
  readonly metricsAddress: { host: string; port: number };
  /** Where the kubelet's `<root>/pods` directory is mounted (`/host_pods`). */
  readonly hostPodsRoot: string;
  readonly scratchDir: string;
  /** The install's credentials file (`/credentials/cloud`), for locations that name none. */
  readonly credentialsFile: string | undefined;
  readonly resourceTimeoutMs: number;
  /** How long a PodVolumeRestore waits for its pod's volume to appear on this node. */
  readonly prepareTimeoutMs: number;
  /** Volume backups and restores running at once on this node. */
  readonly concurrency: number;
  readonly features: readonly string[];
}

/** A flag or environment value the node-agent cannot start with. */
export class NodeAgentConfigError extends VeleroError {
  constructor(message: string) {
    super("NodeAgentConfig", message);
  }
}

function defineFlags(command: Command): Command {
  return defineConnectionFlags(command)
    .option("--resource-timeout <duration>", "wait for resources", durationArg, 600_000)
    .option(
      "--data-mover-prepare-timeout <duration>",
      "how long a pod volume restore waits for its pod's volume",
      durationArg,
      30 * 60_000,
    )
    .option("--host-pods-root <path>", "where the kubelet's pods directory is mounted")
    .option("--concurrency <n>", "volume backups and restores at once", positiveIntArg, 2)
    .option("--features <list>", "feature flags", listArg, [])
    .option("--node-agent-configmap <name>", "ConfigMap of node-agent settings (not used yet)")
    .option(
      "--backup-repository-configmap <name>",
      "ConfigMap of repository settings (not used yet)",
    );
}

interface ParsedFlags extends ConnectionFlags {
  resourceTimeout: number;
  dataMoverPrepareTimeout: number;
  hostPodsRoot?: string;
  concurrency: number;
  features: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

function fromEnv(env: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

function logLevelOf(flags: ParsedFlags): LogLevel {
  const level = flags.logLevel === "warning" ? "warn" : flags.logLevel;
  if (!isLogLevel(level)) throw new NodeAgentConfigError(`invalid --log-level "${flags.logLevel}"`);
  if (flags.logFormat !== "text" && flags.logFormat !== "json") {
    throw new NodeAgentConfigError(`invalid --log-format "${flags.logFormat}": use text or json`);
  }
  return level;
}

/**
 * Parses `node-agent server` flags (without those words) and the environment. `NODE_NAME` is
 * required. The host pods root defaults to `/host_pods` (under `KUBECTL_VELERO_ROOT` when the
 * local test cluster runs the pod without a sandbox).
 */
export function parseNodeAgentConfig(argv: readonly string[], env: Env): NodeAgentConfig {
  const command = defineFlags(new Command("server"))
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  try {
    command.parse(argv, { from: "user" });
  } catch (error) {
    throw new NodeAgentConfigError(error instanceof Error ? error.message : String(error));
  }
  const flags = command.opts<ParsedFlags>();
  const logLevel = logLevelOf(flags);
  const nodeName = fromEnv(env, "NODE_NAME");
  if (nodeName === undefined) {
    throw new NodeAgentConfigError(
      "NODE_NAME is not set: the DaemonSet sets it from spec.nodeName",
    );
  }
  const sandboxRoot = fromEnv(env, "KUBECTL_VELERO_ROOT") ?? "/";
  return {
    nodeName,
    namespace: fromEnv(env, "VELERO_NAMESPACE") ?? "velero",
    kubeconfig: flags.kubeconfig ?? fromEnv(env, "KUBECONFIG"),
    kubeContext: flags.kubecontext,
    logLevel,
    logFormat: flags.logFormat === "json" ? "json" : "text",
    metricsAddress: flags.metricsAddress,
    hostPodsRoot: flags.hostPodsRoot ?? join(sandboxRoot, "host_pods"),
    scratchDir: fromEnv(env, "VELERO_SCRATCH_DIR") ?? "/scratch",
    credentialsFile: fromEnv(
      env,
      "AWS_SHARED_CREDENTIALS_FILE",
      "AZURE_CREDENTIALS_FILE",
      "GOOGLE_APPLICATION_CREDENTIALS",
    ),
    resourceTimeoutMs: flags.resourceTimeout,
    prepareTimeoutMs: flags.dataMoverPrepareTimeout,
    concurrency: flags.concurrency,
    features: flags.features,
  };
}
