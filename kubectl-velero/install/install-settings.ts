// What one installation consists of, fully resolved and validated: the input of the manifest
// builders, which are pure functions of it.

/** Requests and limits of one container, in canonical quantity text; "0" flags are left out. */
export interface ResourceRequirements {
  readonly requests?: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
}

/** The `velero server` flags install sets (the agent's flag names, agent/config.ts). */
export interface AgentServerFlags {
  readonly features: readonly string[];
  readonly uploaderType: string;
  readonly defaultVolumesToFsBackup: boolean;
  readonly defaultSnapshotMoveData: boolean;
  readonly scheduleSkipImmediately: boolean;
  /** Go duration text (`1h0m0s`); absent leaves the agent's default. */
  readonly backupSyncPeriod?: string;
  readonly garbageCollectionFrequency?: string;
  /** Passed to the agent as `--fs-backup-timeout`, as Velero's install does. */
  readonly podVolumeOperationTimeout?: string;
  readonly defaultRepoMaintainFrequency?: string;
  readonly concurrentBackups?: number;
}

/** The default BackupStorageLocation's storage settings. */
export interface BackupLocationSettings {
  readonly provider: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly config: Readonly<Record<string, string>>;
  /** PEM bundle of `--cacert`, stored as `objectStorage.caCert`. */
  readonly caCert?: Uint8Array;
}

/** The default VolumeSnapshotLocation's settings. */
export interface SnapshotLocationSettings {
  readonly provider: string;
  readonly config: Readonly<Record<string, string>>;
}

/** The node-agent DaemonSet's settings. */
export interface NodeAgentSettings {
  readonly privileged: boolean;
  readonly disableHostPath: boolean;
  /** Absolute path of the kubelet's root directory on the nodes (`/var/lib/kubelet`). */
  readonly kubeletRootDir: string;
  readonly resources: ResourceRequirements;
  readonly priorityClassName?: string;
}

/** Everything `kubectl velero install` creates is derived from this. */
export interface InstallSettings {
  readonly namespace: string;
  readonly image: string;
  /** Absent: no default BackupStorageLocation (`--no-default-backup-location`). */
  readonly backupLocation?: BackupLocationSettings;
  /** Absent: no VolumeSnapshotLocation. */
  readonly snapshotLocation?: SnapshotLocationSettings;
  /** Contents of `--secret-file` for Secret `cloud-credentials`; absent with `--no-secret`. */
  readonly cloudCredentials?: Uint8Array;
  /**
   * Password of the file-system backup repositories, stored in Secret
   * `velero-repo-credentials` key `repository-password`. Generated per install; an existing
   * Secret is never changed, so the password chosen by the first install stays.
   */
  readonly repositoryPassword: string;
  /** An existing ServiceAccount to run as; absent creates `velero` and its ClusterRoleBinding. */
  readonly serviceAccountName?: string;
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly agentResources: ResourceRequirements;
  readonly agentPriorityClassName?: string;
  readonly server: AgentServerFlags;
  /** Absent: no node-agent DaemonSet. */
  readonly nodeAgent?: NodeAgentSettings;
}
