// Waits for a restore's DataDownloads once every item is restored (Velero waits for them as
// restore item operations; here the wait rides on the pod volume restorer's `waitAll`, which
// the restore calls at that point): a DataDownload that does not complete is an error of the
// restore, each one adds a `<r>-volumeinfo.json.gz` entry, and the DataUploadResult
// ConfigMaps of the restore are removed afterwards as Velero does.
import {
  ASYNC_OPERATION_ID_LABEL,
  DATA_UPLOAD_RESULT_USAGE,
  dataMoverName,
  formatDuration,
  getValidLabelValue,
  parseDuration,
  RESOURCE_USAGE_LABEL,
  RESTORE_UID_LABEL,
  type DataDownload,
  type DataDownloadPhase,
  type Restore,
} from "../../lib/api/index.js";
import type { RestoreVolumeInfo } from "../../lib/backup-store/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/log.js";
import type { PodVolumeRestorerFactory } from "../restore/pod-volume-restorer.js";

/** What the waiter needs. */
export interface DataDownloadWaiterDeps {
  readonly listDataDownloads: (labelSelector: string) => Promise<DataDownload[]>;
  /** Deletes the ConfigMaps in `namespace` matching `labelSelector`. */
  readonly deleteConfigMaps: (namespace: string, labelSelector: string) => Promise<void>;
  readonly clock: Clock;
  readonly pollMs?: number;
}

const finalPhases: readonly DataDownloadPhase[] = ["Completed", "Failed", "Canceled"];
const defaultTimeoutMs = 4 * 60 * 60_000;

function timeoutOf(restore: Restore): number {
  const value = restore.spec.itemOperationTimeout;
  const ms = value === undefined || value === "" ? 0 : parseDuration(value);
  return ms > 0 ? ms : defaultTimeoutMs;
}

/** The restore volume info entry of a finished DataDownload. */
export function dataDownloadVolumeInfo(dd: DataDownload): RestoreVolumeInfo {
  return {
    pvcName: dd.spec.targetVolume.pvc,
    pvcNamespace: dd.spec.targetVolume.namespace,
    restoreMethod: "CSISnapshot",
    snapshotDataMoved: true,
    snapshotDataMovementInfo: {
      dataMover: dataMoverName(dd.spec.datamover),
      uploaderType: "kopia",
      snapshotHandle: dd.spec.snapshotID,
      operationID: dd.metadata.labels?.[ASYNC_OPERATION_ID_LABEL] ?? "",
      size: dd.spec.snapshotSize ?? 0,
      Phase: dd.status?.phase ?? "",
    },
  };
}

/** The restore's DataDownloads once all are final, or as they are at the deadline. */
export async function waitForDataDownloads(
  deps: DataDownloadWaiterDeps,
  restore: Restore,
  signal: AbortSignal,
): Promise<{ downloads: DataDownload[]; timedOut: boolean }> {
  const selector = `${RESTORE_UID_LABEL}=${restore.metadata.uid ?? ""}`;
  const deadline = deps.clock.now().getTime() + timeoutOf(restore);
  for (;;) {
    const downloads = await deps.listDataDownloads(selector);
    if (downloads.every((dd) => finalPhases.includes(dd.status?.phase ?? "New"))) {
      return { downloads, timedOut: false };
    }
    if (deps.clock.now().getTime() >= deadline) return { downloads, timedOut: true };
    await deps.clock.sleep(deps.pollMs ?? 1000, signal);
  }
}

function errorsOf(downloads: readonly DataDownload[], timedOut: string | undefined): string[] {
  return downloads.flatMap((dd) => {
    const phase = dd.status?.phase ?? "New";
    if (phase === "Completed") return [];
    const target = `${dd.spec.targetVolume.namespace}/${dd.spec.targetVolume.pvc}`;
    const why = finalPhases.includes(phase) ? (dd.status?.message ?? "") : (timedOut ?? "");
    return [`DataDownload ${dd.metadata.name ?? ""} for PVC ${target} ended ${phase}: ${why}`];
  });
}

async function settle(
  deps: DataDownloadWaiterDeps,
  context: { readonly restore: Restore; readonly log: Logger },
  signal: AbortSignal,
): Promise<{ errors: string[]; volumeInfos: RestoreVolumeInfo[] }> {
  const { restore, log } = context;
  log.info("Waiting for all DataDownloads to complete");
  const { downloads, timedOut } = await waitForDataDownloads(deps, restore, signal);
  const timeout = timedOut ? `not finished after ${formatDuration(timeoutOf(restore))}` : undefined;
  const cleanup = [
    `${RESTORE_UID_LABEL}=${getValidLabelValue(restore.metadata.uid ?? "")}`,
    `${RESOURCE_USAGE_LABEL}=${DATA_UPLOAD_RESULT_USAGE}`,
  ].join(",");
  await deps.deleteConfigMaps(restore.metadata.namespace ?? "", cleanup).catch((error: unknown) => {
    log.warn(`Fail to delete DataUploadResult ConfigMaps: ${errorMessage(error)}`);
  });
  log.info(`Done waiting for ${String(downloads.length)} DataDownloads`);
  return {
    errors: errorsOf(downloads, timeout),
    volumeInfos: downloads.map(dataDownloadVolumeInfo),
  };
}

/** `inner` whose `waitAll` also waits for the restore's DataDownloads (see the file comment). */
export function withDataDownloads(
  inner: PodVolumeRestorerFactory,
  deps: DataDownloadWaiterDeps,
): PodVolumeRestorerFactory {
  return (context) => {
    const restorer = inner(context);
    return {
      preparePod: (request) => restorer.preparePod(request),
      restorePodVolumes: (request) => restorer.restorePodVolumes(request),
      waitAll: async (signal) => {
        const results = await restorer.waitAll(signal);
        if (context.backup.spec.snapshotMoveData !== true) return results;
        const moved = await settle(deps, context, signal);
        return {
          errors: [...results.errors, ...moved.errors],
          volumeInfos: [...results.volumeInfos, ...moved.volumeInfos],
        };
      },
    };
  };
}
