// The agent's configuration, from `velero server`-compatible flags and the pod's environment.
// The only reader of argv and process.env in the agent.
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

/** Everything the agent needs to know at start-up. Durations are milliseconds. */
export interface AgentConfig {
  readonly namespace: string;
  readonly kubeconfig: string | undefined;
  readonly kubeContext: string | undefined;
  readonly podName: string;
  readonly logLevel: LogLevel;
  readonly logFormat: "text" | "json";
  readonly metricsAddress: { host: string; port: number };
  readonly backupSyncPeriodMs: number;
  readonly storeValidationFrequencyMs: number;
  readonly defaultBackupTtlMs: number;
  readonly garbageCollectionFrequencyMs: number;
  readonly fsBackupTimeoutMs: number;
  readonly resourceTimeoutMs: number;
  readonly defaultRepoMaintainFrequencyMs: number;
  readonly defaultBackupStorageLocation: string;
  readonly defaultVolumesToFsBackup: boolean;
  readonly defaultSnapshotMoveData: boolean;
  readonly scheduleSkipImmediately: boolean;
  /** Backups running at once (Velero: 1); two touching the same namespace are still queued. */
  readonly concurrentBackups: number;
  readonly clientPageSize: number;
  readonly restoreResourcePriorities: string | undefined;
  readonly disabledControllers: readonly string[];
  readonly features: readonly string[];
  readonly scratchDir: string;
  readonly credentialsFile: string | undefined;
  readonly uploaderType: "kopia";
}

/** A flag or environment value the agent cannot start with. */
export class AgentConfigError extends VeleroError {
  constructor(message: string) {
    super("AgentConfig", message);
  }
}

const hour = 3_600_000;

/** Duration flags: name, description, default in milliseconds (Velero's defaults). */
const durationFlags: readonly [string, string, number][] = [
  ["backup-sync-period", "how often to sync backups from storage", 60_000],
  ["store-validation-frequency", "how often to validate backup storage locations", 60_000],
  ["default-backup-ttl", "TTL of backups that set none", 720 * hour],
  ["garbage-collection-frequency", "how often to delete expired backups", hour],
  ["fs-backup-timeout", "how long to wait for pod volume backups", 4 * hour],
  ["resource-timeout", "how long to wait for resources such as CRDs", 600_000],
  ["default-repo-maintain-frequency", "repository maintenance interval", hour],
];

/** Boolean flags: name, description. */
const booleanFlags: readonly [string, string][] = [
  ["default-volumes-to-fs-backup", "back up all pod volumes with the node-agent by default"],
  ["default-snapshot-move-data", "move snapshot data to the location by default"],
  ["schedule-skip-immediately", "new schedules skip their first due run"],
];

function defineFlags(command: Command): Command {
  defineConnectionFlags(command)
    .option(
      "--namespace <ns>",
      "namespace the agent runs in (default: $VELERO_NAMESPACE or velero)",
    )
    .option("--default-backup-storage-location <name>", "location when none is default", "default")
    .option("--concurrent-backups <n>", "backups that may run at once", positiveIntArg, 4)
    .option("--client-page-size <n>", "page size of list calls", positiveIntArg, 500)
    .option("--restore-resource-priorities <list>", "restore order (see Velero)")
    .option("--disable-controllers <list>", "controllers not to run", listArg, [])
    .option("--features <list>", "feature flags", listArg, [])
    .option("--uploader-type <type>", "file-system backup uploader (kopia)", "kopia");
  for (const [name, description, fallback] of durationFlags) {
    command.option(`--${name} <duration>`, description, durationArg, fallback);
  }
  for (const [name, description] of booleanFlags) command.option(`--${name}`, description);
  return command;
}

const booleanNames = new Set(booleanFlags.map(([name]) => `--${name}`));

/** Accepts Velero's `--flag=true|false` form of boolean flags (Velero-made manifests use it). */
function normalizeBooleans(argv: readonly string[]): string[] {
  return argv.flatMap((arg) => {
    const match = /^(--[^=]+)=(.*)$/.exec(arg);
    if (match === null || !booleanNames.has(match[1] ?? "")) return [arg];
    const value = (match[2] ?? "").toLowerCase();
    if (["true", "1", "t"].includes(value)) return [match[1] ?? ""];
    if (["false", "0", "f"].includes(value)) return [];
    throw new AgentConfigError(
      `invalid value "${match[2] ?? ""}" for ${match[1] ?? ""}: use true or false`,
    );
  });
}

interface ParsedFlags extends ConnectionFlags {
  namespace?: string;
  backupSyncPeriod: number;
  storeValidationFrequency: number;
  defaultBackupTtl: number;
  garbageCollectionFrequency: number;
  fsBackupTimeout: number;
  resourceTimeout: number;
  defaultRepoMaintainFrequency: number;
  defaultBackupStorageLocation: string;
  defaultVolumesToFsBackup?: boolean;
  defaultSnapshotMoveData?: boolean;
  scheduleSkipImmediately?: boolean;
  concurrentBackups: number;
  clientPageSize: number;
  restoreResourcePriorities?: string;
  disableControllers: string[];
  features: string[];
  uploaderType: string;
}

/** Parses `server` flags (without the `server` word) and the environment. */
export function parseAgentConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): AgentConfig {
  const command = defineFlags(new Command("server"))
    .exitOverride()
    .configureOutput({
      writeErr: () => undefined,
      writeOut: () => undefined,
    });
  try {
    command.parse(normalizeBooleans(argv), { from: "user" });
  } catch (error) {
    throw new AgentConfigError(error instanceof Error ? error.message : String(error));
  }
  return toConfig(command.opts<ParsedFlags>(), env);
}

function checkFlags(flags: ParsedFlags): LogLevel {
  const level = flags.logLevel === "warning" ? "warn" : flags.logLevel;
  if (!isLogLevel(level)) throw new AgentConfigError(`invalid --log-level "${flags.logLevel}"`);
  if (flags.logFormat !== "text" && flags.logFormat !== "json") {
    throw new AgentConfigError(`invalid --log-format "${flags.logFormat}": use text or json`);
  }
  if (flags.uploaderType !== "kopia") {
    throw new AgentConfigError(
      `invalid --uploader-type "${flags.uploaderType}": only kopia is supported`,
    );
  }
  return level;
}

function fromEnv(
  env: Readonly<Record<string, string | undefined>>,
  ...names: string[]
): string | undefined {
  for (const name of names) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

function toConfig(
  flags: ParsedFlags,
  env: Readonly<Record<string, string | undefined>>,
): AgentConfig {
  const logLevel = checkFlags(flags);
  return {
    namespace: flags.namespace ?? fromEnv(env, "VELERO_NAMESPACE") ?? "velero",
    kubeconfig: flags.kubeconfig ?? fromEnv(env, "KUBECONFIG"),
    kubeContext: flags.kubecontext,
    podName: fromEnv(env, "POD_NAME", "HOSTNAME") ?? "velero-agent",
    logLevel,
    logFormat: flags.logFormat === "json" ? "json" : "text",
    metricsAddress: flags.metricsAddress,
    backupSyncPeriodMs: flags.backupSyncPeriod,
    storeValidationFrequencyMs: flags.storeValidationFrequency,
    defaultBackupTtlMs: flags.defaultBackupTtl,
    garbageCollectionFrequencyMs: flags.garbageCollectionFrequency,
    fsBackupTimeoutMs: flags.fsBackupTimeout,
    resourceTimeoutMs: flags.resourceTimeout,
    defaultRepoMaintainFrequencyMs: flags.defaultRepoMaintainFrequency,
    defaultBackupStorageLocation: flags.defaultBackupStorageLocation,
    defaultVolumesToFsBackup: flags.defaultVolumesToFsBackup === true,
    defaultSnapshotMoveData: flags.defaultSnapshotMoveData === true,
    scheduleSkipImmediately: flags.scheduleSkipImmediately === true,
    concurrentBackups: flags.concurrentBackups,
    clientPageSize: flags.clientPageSize,
    restoreResourcePriorities: flags.restoreResourcePriorities,
    disabledControllers: flags.disableControllers,
    features: flags.features,
    scratchDir: fromEnv(env, "VELERO_SCRATCH_DIR") ?? "/scratch",
    credentialsFile: fromEnv(
      env,
      "AWS_SHARED_CREDENTIALS_FILE",
      "AZURE_CREDENTIALS_FILE",
      "GOOGLE_APPLICATION_CREDENTIALS",
    ),
    uploaderType: "kopia",
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
