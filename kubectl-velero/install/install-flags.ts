// The flags of `kubectl velero install` as parsed, and Velero's rules about which combinations
// are allowed (checked before anything is read or sent).
import { InvalidInputError } from "../../lib/errors.js";

/** Install's flags as commander hands them over (Velero's names, camel-cased). */
export interface InstallFlags {
  readonly provider?: string;
  readonly bucket?: string;
  readonly prefix?: string;
  readonly secretFile?: string;
  /** False with `--no-secret`. */
  readonly secret?: boolean;
  /** False with `--no-default-backup-location`. */
  readonly defaultBackupLocation?: boolean;
  readonly backupLocationConfig?: Record<string, string>;
  readonly snapshotLocationConfig?: Record<string, string>;
  /** Undefined means the default, true. */
  readonly useVolumeSnapshots?: boolean;
  readonly useNodeAgent?: boolean;
  readonly privilegedNodeAgent?: boolean;
  readonly nodeAgentDisableHostPath?: boolean;
  readonly kubeletRootDir?: string;
  readonly defaultVolumesToFsBackup?: boolean;
  readonly defaultSnapshotMoveData?: boolean;
  readonly scheduleSkipImmediately?: boolean;
  readonly image?: string;
  readonly backupSyncPeriod?: string;
  readonly garbageCollectionFrequency?: string;
  readonly podVolumeOperationTimeout?: string;
  readonly defaultRepoMaintainFrequency?: string;
  readonly uploaderType?: string;
  readonly cacert?: string;
  readonly podAnnotations?: Record<string, string>;
  readonly podLabels?: Record<string, string>;
  readonly saAnnotations?: Record<string, string>;
  readonly serviceAccountName?: string;
  readonly veleroPodCpuRequest?: string;
  readonly veleroPodMemRequest?: string;
  readonly veleroPodCpuLimit?: string;
  readonly veleroPodMemLimit?: string;
  readonly nodeAgentPodCpuRequest?: string;
  readonly nodeAgentPodMemRequest?: string;
  readonly nodeAgentPodCpuLimit?: string;
  readonly nodeAgentPodMemLimit?: string;
  readonly concurrentBackups?: string;
  readonly serverPriorityClassName?: string;
  readonly nodeAgentPriorityClassName?: string;
  readonly plugins?: string[];
}

/** Velero's defaults of the resource flags: the agent is bounded, the node-agent is not. */
export const DEFAULT_RESOURCES = {
  veleroPodCpuRequest: "500m",
  veleroPodMemRequest: "128Mi",
  veleroPodCpuLimit: "1000m",
  veleroPodMemLimit: "512Mi",
  nodeAgentPodCpuRequest: "0",
  nodeAgentPodMemRequest: "0",
  nodeAgentPodCpuLimit: "0",
  nodeAgentPodMemLimit: "0",
} as const;

/** The kubelet root directory Velero assumes. */
export const DEFAULT_KUBELET_ROOT_DIR = "/var/lib/kubelet";

function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}

function hasEntries(map: Record<string, string> | undefined): boolean {
  return map !== undefined && Object.keys(map).length > 0;
}

/** True unless `--use-volume-snapshots=false`. */
export function wantsVolumeSnapshots(flags: InstallFlags): boolean {
  return flags.useVolumeSnapshots ?? true;
}

function checkBackupLocationFlags(flags: InstallFlags): void {
  if (flags.defaultBackupLocation === false) {
    if (isSet(flags.bucket)) {
      throw new InvalidInputError(
        "Cannot use both --bucket and --no-default-backup-location at the same time",
      );
    }
    if (isSet(flags.prefix)) {
      throw new InvalidInputError(
        "Cannot use both --prefix and --no-default-backup-location at the same time",
      );
    }
    if (hasEntries(flags.backupLocationConfig)) {
      throw new InvalidInputError(
        "Cannot use both --backup-location-config and --no-default-backup-location at the same time",
      );
    }
    return;
  }
  if (!isSet(flags.provider)) throw new InvalidInputError("--provider is required");
  if (!isSet(flags.bucket)) throw new InvalidInputError("--bucket is required");
}

function checkSnapshotFlags(flags: InstallFlags): void {
  if (wantsVolumeSnapshots(flags)) {
    if (!isSet(flags.provider)) {
      throw new InvalidInputError(
        "--provider is required when --use-volume-snapshots is set to true",
      );
    }
    return;
  }
  if (hasEntries(flags.snapshotLocationConfig)) {
    throw new InvalidInputError(
      "--snapshot-location-config must be empty when --use-volume-snapshots=false",
    );
  }
  if (flags.defaultBackupLocation === false && isSet(flags.provider)) {
    throw new InvalidInputError(
      "--provider must be empty when using --no-default-backup-location and --use-volume-snapshots=false",
    );
  }
}

function checkSecretFlags(flags: InstallFlags): void {
  const noSecret = flags.secret === false;
  if (isSet(flags.secretFile) && noSecret) {
    throw new InvalidInputError("Cannot use both --secret-file and --no-secret");
  }
  if (!isSet(flags.secretFile) && !noSecret && flags.defaultBackupLocation !== false) {
    throw new InvalidInputError("One of --secret-file or --no-secret is required");
  }
}

/**
 * Velero's combination rules, with its messages. Differences: `--plugins` is never required
 * (providers are built in), and without a default backup location neither `--secret-file`
 * nor `--no-secret` is needed. Throws {@link InvalidInputError}.
 */
export function checkInstallFlags(flags: InstallFlags): void {
  const uploader = flags.uploaderType ?? "kopia";
  if (uploader !== "kopia") {
    throw new InvalidInputError(
      `invalid uploader type "${uploader}": the only supported uploader type is "kopia"`,
    );
  }
  if (flags.bucket?.startsWith("-") === true) {
    throw new InvalidInputError(
      `Bucket names cannot begin with a dash. Bucket name was: ${flags.bucket}`,
    );
  }
  checkBackupLocationFlags(flags);
  checkSnapshotFlags(flags);
  if (flags.defaultVolumesToFsBackup === true && flags.useNodeAgent !== true) {
    throw new InvalidInputError(
      "--use-node-agent is required when using --default-volumes-to-fs-backup",
    );
  }
  checkSecretFlags(flags);
}
