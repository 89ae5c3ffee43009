// The seam for file-system restore of pod volumes (the node-agent's PodVolumeRestores): what the
// restore calls for each restored pod that had PodVolumeBackups. The default restores nothing.
import type { Backup, PodVolumeBackup, Restore } from "../../lib/api/index.js";
import type { RestoreVolumeInfo } from "../../lib/backup-store/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";

/** One pod whose volumes have file-system backups. */
export interface PodVolumeRestoreRequest {
  /**
   * For `preparePod`: the pod about to be created (target namespace and restore labels set,
   * item actions applied). For `restorePodVolumes`: the pod as the API server created it
   * (with its new uid).
   */
  readonly pod: KubeObject;
  /** The pod's PodVolumeBackups that have a snapshot (matched by pod name and namespace). */
  readonly podVolumeBackups: readonly PodVolumeBackup[];
  /** The pod's namespace in the backup (differs from the pod's under a namespace mapping). */
  readonly sourceNamespace: string;
  /**
   * The restore's log with the pod's fields. Warnings and errors logged here only go to the
   * log; what must count in the restore's results is returned by `waitAll`.
   */
  readonly log: Logger;
}

/** What the pod volume restores of one restore produced. */
export interface PodVolumeRestoreResults {
  /** Messages counted as Velero-level errors of the restore (any makes it PartiallyFailed). */
  readonly errors: readonly string[];
  /** Entries of `<r>-volumeinfo.json.gz` (`restoreMethod: "PodVolumeRestore"`, `pvrInfo`). */
  readonly volumeInfos: readonly RestoreVolumeInfo[];
}

/**
 * File-system restore of the volumes of one restore's pods (Velero's podvolume.Restorer plus
 * the `velero.io/pod-volume-restore` item action).
 *
 * Contract:
 * - `preparePod` is called once per restored pod that has PodVolumeBackups, just before it is
 *   created; it returns the pod to create. This is where Velero's `restore-wait` init
 *   container is injected (first among the init containers). A throw fails the pod.
 * - `restorePodVolumes` is called after that pod was created; it starts the PodVolumeRestores
 *   and may return before they finish. A throw counts as one error of the restore.
 * - Both are called only when the restore includes PVCs and PVs (Velero's rule), and may be
 *   called concurrently for different pods.
 * - `waitAll` is called once after every item was restored; it waits (bounded by the pod
 *   volume timeout, or until `signal` aborts) for everything started and returns the results.
 */
export interface PodVolumeRestorer {
  preparePod(request: PodVolumeRestoreRequest): Promise<KubeObject>;
  restorePodVolumes(request: PodVolumeRestoreRequest): Promise<void>;
  waitAll(signal: AbortSignal): Promise<PodVolumeRestoreResults>;
}

/** What a {@link PodVolumeRestorerFactory} is given when a restore starts. */
export interface PodVolumeRestoreContext {
  /** The Restore as it runs (InProgress, `uid`, resolved spec). */
  readonly restore: Restore;
  readonly backup: Backup;
  /** Every PodVolumeBackup of the backup (from `<b>-podvolumebackups.json.gz`). */
  readonly podVolumeBackups: readonly PodVolumeBackup[];
  /** The restore's log. */
  readonly log: Logger;
  /** `--fs-backup-timeout`, or the Restore's `velero.io/pod-volume-timeout` annotation. */
  readonly timeoutMs: number;
}

/** Creates the pod volume restorer of one restore. */
export type PodVolumeRestorerFactory = (context: PodVolumeRestoreContext) => PodVolumeRestorer;

const noResults: PodVolumeRestoreResults = { errors: [], volumeInfos: [] };

/**
 * Restores no pod volumes (the default until the node-agent's implementation is plugged in):
 * pods are created unchanged and a warning says their volume data was not restored.
 */
export const noPodVolumeRestores: PodVolumeRestorerFactory = () => ({
  preparePod: (request) => Promise.resolve(request.pod),
  restorePodVolumes: (request) => {
    request.log.warn("No pod volume restorer, not restoring pod's volumes");
    return Promise.resolve();
  },
  waitAll: () => Promise.resolve(noResults),
});

/**
 * The PodVolumeBackups to restore into a pod (Velero's GetVolumeBackupsForPod): those of the
 * pod's name in its backed-up namespace that have a snapshot ID.
 */
export function podVolumeBackupsForPod(
  all: readonly PodVolumeBackup[],
  podName: string,
  sourceNamespace: string,
): PodVolumeBackup[] {
  return all.filter(
    (pvb) =>
      pvb.spec.pod.name === podName &&
      pvb.spec.pod.namespace === sourceNamespace &&
      (pvb.status?.snapshotID ?? "") !== "",
  );
}
