// The bucket key scheme of a backup storage location, exactly as Velero lays it out: the
// one place in the project that builds object keys.
import { DOWNLOAD_TARGET_KINDS, type DownloadTargetKind } from "../api/download-request.js";
import { InvalidInputError } from "../errors.js";

/** The top-level directories Velero recognises under a location's root. */
export const topLevelDirs = [
  "backups",
  "restores",
  "restic",
  "metadata",
  "plugins",
  "kopia",
] as const;

/** One of {@link topLevelDirs}. */
export type TopLevelDir = (typeof topLevelDirs)[number];

/** File-system backup repository types that live under the location's root. */
export type RepositoryType = "kopia" | "restic";

export type { DownloadTargetKind };

/** True when `kind` is a known {@link DownloadTargetKind}. */
export function isDownloadTargetKind(kind: string): kind is DownloadTargetKind {
  return (DOWNLOAD_TARGET_KINDS as readonly string[]).includes(kind);
}

/**
 * Keys of one location. The root is the location's prefix with leading and trailing `/`
 * trimmed plus `/` (or the bucket root when there is no prefix), e.g. for prefix `/team/`:
 * `team/backups/b1/velero-backup.json`, `team/backups/b1/b1.tar.gz`,
 * `team/restores/r1/restore-r1-logs.gz`, `team/kopia/app/`.
 *
 * Every method that takes a backup or restore name throws `InvalidInputError` for an empty
 * name, `.`, `..`, or a name containing `/` (none of which is a valid Kubernetes name), so
 * no name can address another backup's keys.
 */
export class BackupStoreLayout {
  /** `""` or the trimmed prefix followed by `/`. */
  readonly rootPrefix: string;

  constructor(prefix = "") {
    const trimmed = prefix.replace(/^\/+|\/+$/g, "");
    this.rootPrefix = trimmed === "" ? "" : `${trimmed}/`;
  }

  /** True for the top-level directory names Velero accepts (`backups`, `restores`, ...). */
  isValidTopLevelDir(name: string): boolean {
    return (topLevelDirs as readonly string[]).includes(name);
  }

  /** `<root>backups/`, `<root>restores/`, ... */
  dir(name: TopLevelDir): string {
    return `${this.rootPrefix}${name}/`;
  }

  /** `<root>backups/<name>/`: every object of one backup. */
  backupDir(name: string): string {
    return `${this.dir("backups")}${checkName(name, "backup")}/`;
  }

  /** `<root>restores/<name>/`: every object of one restore. */
  restoreDir(name: string): string {
    return `${this.dir("restores")}${checkName(name, "restore")}/`;
  }

  /**
   * The backup name of a common prefix listed under {@link dir}("backups"), e.g.
   * `team/backups/b1/` → `b1`; `undefined` for a prefix outside that directory.
   */
  backupNameOf(prefix: string): string | undefined {
    const backups = this.dir("backups");
    if (!prefix.startsWith(backups)) return undefined;
    const name = prefix.slice(backups.length).replace(/\/$/, "");
    return name === "" ? undefined : name;
  }

  backupMetadataKey(name: string): string {
    return `${this.backupDir(name)}velero-backup.json`;
  }
  backupContentsKey(name: string): string {
    return `${this.backupDir(name)}${name}.tar.gz`;
  }
  backupLogKey(name: string): string {
    return `${this.backupDir(name)}${name}-logs.gz`;
  }
  podVolumeBackupsKey(name: string): string {
    return `${this.backupDir(name)}${name}-podvolumebackups.json.gz`;
  }
  backupVolumeSnapshotsKey(name: string): string {
    return `${this.backupDir(name)}${name}-volumesnapshots.json.gz`;
  }
  backupItemOperationsKey(name: string): string {
    return `${this.backupDir(name)}${name}-itemoperations.json.gz`;
  }
  backupResourceListKey(name: string): string {
    return `${this.backupDir(name)}${name}-resource-list.json.gz`;
  }
  /** Note the extension: `-results.gz`, not `.json.gz`. */
  backupResultsKey(name: string): string {
    return `${this.backupDir(name)}${name}-results.gz`;
  }
  backupVolumeInfoKey(name: string): string {
    return `${this.backupDir(name)}${name}-volumeinfo.json.gz`;
  }
  /** Written by Velero 1.12–1.16 only; read for older backups. */
  csiVolumeSnapshotsKey(name: string): string {
    return `${this.backupDir(name)}${name}-csi-volumesnapshots.json.gz`;
  }
  /** Written by Velero 1.12–1.16 only; read for older backups. */
  csiVolumeSnapshotContentsKey(name: string): string {
    return `${this.backupDir(name)}${name}-csi-volumesnapshotcontents.json.gz`;
  }
  /** Written by Velero 1.12–1.17 only; read for older backups. */
  csiVolumeSnapshotClassesKey(name: string): string {
    return `${this.backupDir(name)}${name}-csi-volumesnapshotclasses.json.gz`;
  }

  restoreLogKey(name: string): string {
    return `${this.restoreDir(name)}restore-${name}-logs.gz`;
  }
  restoreResultsKey(name: string): string {
    return `${this.restoreDir(name)}restore-${name}-results.gz`;
  }
  restoreResourceListKey(name: string): string {
    return `${this.restoreDir(name)}restore-${name}-resource-list.json.gz`;
  }
  restoreItemOperationsKey(name: string): string {
    return `${this.restoreDir(name)}restore-${name}-itemoperations.json.gz`;
  }
  /** Note: no `restore-` prefix on this one, as in Velero. */
  restoreVolumeInfoKey(name: string): string {
    return `${this.restoreDir(name)}${name}-volumeinfo.json.gz`;
  }

  /** `<root>kopia/<volumeNamespace>/` (or `restic/`): one file-system backup repository. */
  repositoryPrefix(type: RepositoryType, volumeNamespace: string): string {
    return `${this.dir(type)}${checkName(volumeNamespace, "volume namespace")}/`;
  }

  /** The key a DownloadRequest of `kind` for the backup or restore `name` points at. */
  downloadKey(kind: DownloadTargetKind, name: string): string {
    return this.#downloadKeys[kind](name);
  }

  readonly #downloadKeys: Readonly<Record<DownloadTargetKind, (name: string) => string>> = {
    BackupLog: (n) => this.backupLogKey(n),
    BackupContents: (n) => this.backupContentsKey(n),
    BackupVolumeSnapshots: (n) => this.backupVolumeSnapshotsKey(n),
    BackupItemOperations: (n) => this.backupItemOperationsKey(n),
    BackupResourceList: (n) => this.backupResourceListKey(n),
    BackupResults: (n) => this.backupResultsKey(n),
    RestoreLog: (n) => this.restoreLogKey(n),
    RestoreResults: (n) => this.restoreResultsKey(n),
    RestoreResourceList: (n) => this.restoreResourceListKey(n),
    RestoreItemOperations: (n) => this.restoreItemOperationsKey(n),
    CSIBackupVolumeSnapshots: (n) => this.csiVolumeSnapshotsKey(n),
    CSIBackupVolumeSnapshotContents: (n) => this.csiVolumeSnapshotContentsKey(n),
    BackupVolumeInfos: (n) => this.backupVolumeInfoKey(n),
    RestoreVolumeInfo: (n) => this.restoreVolumeInfoKey(n),
  };
}

function checkName(name: string, what: string): string {
  if (name === "" || name === "." || name === ".." || name.includes("/")) {
    throw new InvalidInputError(`invalid ${what} name ${JSON.stringify(name)}`);
  }
  return name;
}
