// The seam for file-system backup of pod volumes (the node-agent's PodVolumeBackups): what the
// backup engine calls for each pod and what it needs back. The default backs up no volumes.
import type { Backup, PodVolumeBackup } from "../../lib/api/index.js";
import type { BackupVolumeInfo } from "../../lib/backup-store/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";

/** One backed-up pod, handed to {@link PodVolumeBackupper.backupPodVolumes}. */
export interface PodVolumeBackupRequest {
  /** The pod as written to the archive. */
  readonly pod: KubeObject;
  /**
   * The log with the pod's `namespace`, `name` and `resource` fields. A warning or error
   * logged here is counted in the backup's `status.warnings`/`status.errors` and listed in
   * `<b>-results.gz` under the pod's namespace (any error makes the backup PartiallyFailed).
   */
  readonly log: Logger;
}

/** What the pod volume backups of one backup produced. */
export interface PodVolumeBackupResults {
  /** Final PodVolumeBackup objects, written to `<b>-podvolumebackups.json.gz` (none ⇒ `null`). */
  readonly podVolumeBackups: readonly PodVolumeBackup[];
  /** Their `<b>-volumeinfo.json.gz` entries (`backupMethod: "PodVolumeBackup"`, `pvbInfo`). */
  readonly volumeInfos: readonly BackupVolumeInfo[];
}

/**
 * File-system backup of the volumes of one backup's pods.
 *
 * Contract:
 * - `backupPodVolumes` is called once per backed-up pod, after the pod is written to the
 *   archive, never concurrently within one backup. It decides which volumes to back up (pod
 *   annotations `backup.velero.io/backup-volumes[-excludes]`, `spec.defaultVolumesToFsBackup`,
 *   which the server has already resolved), may start that work and return before it finishes.
 *   It reports problems through `request.log`; a throw counts as one error for the pod.
 * - `waitAll` is called once, after every item is written; it waits for everything started
 *   (bounded by the fs-backup timeout) and returns the results. `signal` aborts on shutdown.
 */
export interface PodVolumeBackupper {
  backupPodVolumes(request: PodVolumeBackupRequest): Promise<void>;
  waitAll(signal: AbortSignal): Promise<PodVolumeBackupResults>;
}

/** What a {@link PodVolumeBackupperFactory} is given when a backup starts. */
export interface PodVolumeBackupContext {
  /** The Backup as it runs (InProgress, `uid`, resolved spec and storage location). */
  readonly backup: Backup;
  /** The backup's log. */
  readonly log: Logger;
  /** How long pod volume backups may take (`--fs-backup-timeout` or the backup's annotation). */
  readonly timeoutMs: number;
}

/** Creates the pod volume backupper of one backup. */
export type PodVolumeBackupperFactory = (context: PodVolumeBackupContext) => PodVolumeBackupper;

const noResults: PodVolumeBackupResults = { podVolumeBackups: [], volumeInfos: [] };

/** Backs up no pod volumes (the default until the node-agent's implementation is plugged in). */
export const noPodVolumeBackups: PodVolumeBackupperFactory = () => ({
  backupPodVolumes: () => Promise.resolve(),
  waitAll: () => Promise.resolve(noResults),
});
