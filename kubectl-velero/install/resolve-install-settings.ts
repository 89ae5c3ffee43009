// Turns install's flags into validated InstallSettings: combination rules, names, durations,
// quantities, files and the storage provider's config keys, all before anything is applied.
import { formatDurationNanoseconds, parseDurationNanoseconds } from "../../lib/api/index.js";
import { InvalidInputError, errorMessage } from "../../lib/errors.js";
import { createObjectStore, normaliseProvider } from "../../lib/storage/index.js";
import {
  checkInstallFlags,
  DEFAULT_KUBELET_ROOT_DIR,
  wantsVolumeSnapshots,
  type InstallFlags,
} from "./install-flags.js";
import type {
  AgentServerFlags,
  BackupLocationSettings,
  InstallSettings,
  NodeAgentSettings,
  SnapshotLocationSettings,
} from "./install-settings.js";
import { checkMetadataMap, checkName } from "./kube-names.js";
import { agentResources, nodeAgentResources } from "./resource-flags.js";

/** A location to check, with the credentials it would get. */
export interface StorageCheck extends BackupLocationSettings {
  readonly credentials?: Uint8Array;
}

/** What resolving needs besides the flags; side effects come in here. */
export interface ResolveContext {
  readonly namespace: string;
  /** The global `--features` list. */
  readonly features: readonly string[];
  readonly defaultImage: string;
  readFile(path: string): Promise<Uint8Array>;
  /** Refuses an unknown provider or config key, without contacting the store. */
  checkStorage(location: StorageCheck): Promise<void>;
  generatePassword(): string;
}

/** Providers whose Velero plugins take volume snapshots, so a VSL is created by default. */
const snapshotProviders = new Set(["velero.io/aws", "velero.io/azure", "velero.io/gcp"]);

/**
 * Validates the storage settings through the provider registry without any request. An AWS
 * location without `region` would make the S3 provider ask AWS for the bucket's region, so a
 * placeholder region stands in for the check only.
 */
export async function checkStorageOffline(location: StorageCheck): Promise<void> {
  const isAws = normaliseProvider(location.provider) === "velero.io/aws";
  const config =
    isAws && location.config["region"] === undefined
      ? { ...location.config, region: "us-east-1" }
      : location.config;
  await createObjectStore({
    provider: location.provider,
    bucket: location.bucket,
    prefix: location.prefix,
    config,
    ...(location.credentials === undefined ? {} : { credentials: location.credentials }),
    ...(location.caCert === undefined ? {} : { caCert: location.caCert }),
    name: "default",
    retry: false,
  });
}

function goDuration(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let ns: bigint;
  try {
    ns = parseDurationNanoseconds(value);
  } catch {
    throw new InvalidInputError(`invalid argument "${value}" for "--${flag}" flag: not a duration`);
  }
  if (ns < 0n) throw new InvalidInputError(`--${flag} must be non-negative`);
  return ns === 0n ? undefined : formatDurationNanoseconds(ns);
}

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidInputError(`--${flag} must be a whole number of at least 1, got "${value}"`);
  }
  return n;
}

function serverFlags(flags: InstallFlags, features: readonly string[]): AgentServerFlags {
  const concurrentBackups = positiveInteger("concurrent-backups", flags.concurrentBackups);
  const durations = {
    backupSyncPeriod: goDuration("backup-sync-period", flags.backupSyncPeriod),
    garbageCollectionFrequency: goDuration(
      "garbage-collection-frequency",
      flags.garbageCollectionFrequency,
    ),
    podVolumeOperationTimeout: goDuration(
      "pod-volume-operation-timeout",
      flags.podVolumeOperationTimeout,
    ),
    defaultRepoMaintainFrequency: goDuration(
      "default-repo-maintain-frequency",
      flags.defaultRepoMaintainFrequency,
    ),
  };
  return {
    features: [...features],
    uploaderType: flags.uploaderType ?? "kopia",
    defaultVolumesToFsBackup: flags.defaultVolumesToFsBackup === true,
    defaultSnapshotMoveData: flags.defaultSnapshotMoveData === true,
    scheduleSkipImmediately: flags.scheduleSkipImmediately === true,
    ...Object.fromEntries(Object.entries(durations).filter(([, v]) => v !== undefined)),
    ...(concurrentBackups === undefined ? {} : { concurrentBackups }),
  };
}

function nodeAgentSettings(flags: InstallFlags): NodeAgentSettings | undefined {
  if (flags.useNodeAgent !== true) return undefined;
  const kubeletRootDir = flags.kubeletRootDir ?? DEFAULT_KUBELET_ROOT_DIR;
  if (!kubeletRootDir.startsWith("/")) {
    throw new InvalidInputError(
      `--kubelet-root-dir must be an absolute path, got "${kubeletRootDir}"`,
    );
  }
  const priorityClassName = optionalName(
    "node-agent-priority-class-name",
    flags.nodeAgentPriorityClassName,
  );
  return {
    privileged: flags.privilegedNodeAgent === true,
    disableHostPath: flags.nodeAgentDisableHostPath === true,
    kubeletRootDir,
    resources: nodeAgentResources(flags),
    ...(priorityClassName === undefined ? {} : { priorityClassName }),
  };
}

function optionalName(flag: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  return checkName(flag, value, "subdomain");
}

function snapshotLocation(flags: InstallFlags): SnapshotLocationSettings | undefined {
  const provider = flags.provider ?? "";
  const config = flags.snapshotLocationConfig ?? {};
  if (!wantsVolumeSnapshots(flags) || provider === "") return undefined;
  const hasConfig = Object.keys(config).length > 0;
  if (!hasConfig && !snapshotProviders.has(normaliseProvider(provider))) return undefined;
  return { provider, config };
}

async function readInputFile(
  ctx: ResolveContext,
  flag: string,
  path: string | undefined,
): Promise<Uint8Array | undefined> {
  if (path === undefined || path === "") return undefined;
  try {
    return await ctx.readFile(path);
  } catch (error) {
    throw new InvalidInputError(`cannot read --${flag} "${path}": ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

async function backupLocation(
  flags: InstallFlags,
  ctx: ResolveContext,
  credentials: Uint8Array | undefined,
): Promise<BackupLocationSettings | undefined> {
  if (flags.defaultBackupLocation === false) return undefined;
  const caCert = await readInputFile(ctx, "cacert", flags.cacert);
  const location: BackupLocationSettings = {
    provider: flags.provider ?? "",
    bucket: flags.bucket ?? "",
    prefix: flags.prefix ?? "",
    config: flags.backupLocationConfig ?? {},
    ...(caCert === undefined ? {} : { caCert }),
  };
  try {
    await ctx.checkStorage({ ...location, ...(credentials === undefined ? {} : { credentials }) });
  } catch (error) {
    throw new InvalidInputError(`invalid backup storage location: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  return location;
}

function checkedMetadata(
  flags: InstallFlags,
): Pick<InstallSettings, "podAnnotations" | "podLabels" | "serviceAccountAnnotations"> {
  return {
    podAnnotations: checkMetadataMap("pod-annotations", flags.podAnnotations, "annotation"),
    podLabels: checkMetadataMap("pod-labels", flags.podLabels, "label"),
    serviceAccountAnnotations: checkMetadataMap(
      "sa-annotations",
      flags.saAnnotations,
      "annotation",
    ),
  };
}

/**
 * Validates everything install needs and builds the settings; throws `InvalidInputError` with
 * Velero's message where Velero has one. Reads `--secret-file` and `--cacert` through the
 * context, and nothing else.
 */
export async function resolveInstallSettings(
  flags: InstallFlags,
  ctx: ResolveContext,
): Promise<InstallSettings> {
  checkInstallFlags(flags);
  const namespace = checkName("namespace", ctx.namespace, "label");
  const image = flags.image ?? ctx.defaultImage;
  if (image.trim() === "") throw new InvalidInputError("--image must not be empty");
  const serviceAccountName = optionalName("service-account-name", flags.serviceAccountName);
  const agentPriorityClassName = optionalName(
    "server-priority-class-name",
    flags.serverPriorityClassName,
  );
  const base = {
    namespace,
    image,
    server: serverFlags(flags, ctx.features),
    agentResources: agentResources(flags),
    nodeAgent: nodeAgentSettings(flags),
    ...checkedMetadata(flags),
  };
  const cloudCredentials = await readInputFile(
    ctx,
    "secret-file",
    flags.secret === false ? undefined : flags.secretFile,
  );
  const location = await backupLocation(flags, ctx, cloudCredentials);
  const snapshots = snapshotLocation(flags);
  return {
    ...base,
    ...(location === undefined ? {} : { backupLocation: location }),
    ...(snapshots === undefined ? {} : { snapshotLocation: snapshots }),
    ...(cloudCredentials === undefined ? {} : { cloudCredentials }),
    ...(serviceAccountName === undefined ? {} : { serviceAccountName }),
    ...(agentPriorityClassName === undefined ? {} : { agentPriorityClassName }),
    repositoryPassword: ctx.generatePassword(),
  };
}
