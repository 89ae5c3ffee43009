// The `<b>-volumeinfo.json.gz` entries of the volumes a backup moved, built from its final
// DataUploads as Velero's volume information and finalizer do: backupMethod CSISnapshot with
// snapshotDataMoved, the CSI fields Velero cannot know after the move set to "unknown", and
// the moved snapshot's id, size and phase; plugged in by wrapping the pod volume backupper,
// whose results the backup writes once every item is in.
import {
  ASYNC_OPERATION_ID_LABEL,
  BACKUP_UID_LABEL,
  dataMoverName,
  type Backup,
  type DataUpload,
} from "../../lib/api/index.js";
import type {
  BackupVolumeInfo,
  PvInfo,
  SnapshotDataMovementInfo,
} from "../../lib/backup-store/index.js";
import { errorMessage } from "../../lib/errors.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { PodVolumeBackupperFactory } from "../backup/index.js";

/** Velero's placeholder for CSI fields of a moved snapshot. */
export const UNKNOWN_FIELD = "unknown";

/** What the entries are built from. */
export interface DataUploadInfoDeps {
  readonly listDataUploads: (labelSelector: string) => Promise<DataUpload[]>;
  readonly getClaim: (namespace: string, name: string) => Promise<KubeObject | undefined>;
  readonly getVolume: (name: string) => Promise<KubeObject | undefined>;
}

interface VolumeFacts {
  readonly pvName: string;
  readonly pvInfo?: PvInfo;
}

async function volumeFacts(deps: DataUploadInfoDeps, du: DataUpload): Promise<VolumeFacts> {
  const claim = await deps.getClaim(du.spec.sourceNamespace, du.spec.sourcePVC);
  const pvName = (claim?.["spec"] as { volumeName?: string } | undefined)?.volumeName ?? "";
  const pv = pvName === "" ? undefined : await deps.getVolume(pvName);
  if (pv === undefined) return { pvName };
  const spec = pv["spec"] as { persistentVolumeReclaimPolicy?: string } | undefined;
  return {
    pvName,
    pvInfo: {
      reclaimPolicy: spec?.persistentVolumeReclaimPolicy ?? "",
      labels: pv.metadata?.labels ?? null,
    },
  };
}

function timestampsOf(du: DataUpload): { startTimestamp?: string; completionTimestamp?: string } {
  const { startTimestamp, completionTimestamp } = du.status ?? {};
  return {
    ...(startTimestamp == null ? {} : { startTimestamp }),
    ...(completionTimestamp == null ? {} : { completionTimestamp }),
  };
}

function incrementalOf(bytes: number | undefined): { incrementalSize?: number } {
  return bytes === undefined ? {} : { incrementalSize: bytes };
}

function movementInfoOf(du: DataUpload): SnapshotDataMovementInfo {
  const status = du.status ?? {};
  return {
    dataMover: dataMoverName(du.spec.datamover),
    uploaderType: "kopia",
    retainedSnapshot: du.spec.csiSnapshot?.volumeSnapshot ?? "",
    snapshotHandle: status.snapshotID ?? "",
    operationID: du.metadata.labels?.[ASYNC_OPERATION_ID_LABEL] ?? "",
    size: status.progress?.totalBytes ?? 0,
    ...incrementalOf(status.incrementalBytes),
    Phase: status.phase ?? "",
  };
}

/** The volume info entry of one final DataUpload. */
export function dataUploadVolumeInfo(du: DataUpload, facts: VolumeFacts): BackupVolumeInfo {
  return {
    pvcName: du.spec.sourcePVC,
    pvcNamespace: du.spec.sourceNamespace,
    pvName: facts.pvName,
    backupMethod: "CSISnapshot",
    snapshotDataMoved: true,
    preserveLocalSnapshot: false,
    skipped: false,
    ...timestampsOf(du),
    result: du.status?.phase === "Completed" ? "succeeded" : "failed",
    csiSnapshotInfo: {
      snapshotHandle: UNKNOWN_FIELD,
      size: 0,
      driver: du.spec.csiSnapshot?.driver ?? "",
      vscName: UNKNOWN_FIELD,
      operationID: UNKNOWN_FIELD,
      ReadyToUse: null,
    },
    snapshotDataMovementInfo: movementInfoOf(du),
    ...(facts.pvInfo === undefined ? {} : { pvInfo: facts.pvInfo }),
  };
}

/** The entries of every DataUpload of `backup` (none without `snapshotMoveData`). */
export async function dataUploadVolumeInfos(
  deps: DataUploadInfoDeps,
  backup: Backup,
): Promise<BackupVolumeInfo[]> {
  if (backup.spec.snapshotMoveData !== true) return [];
  const uploads = await deps.listDataUploads(`${BACKUP_UID_LABEL}=${backup.metadata.uid ?? ""}`);
  const infos: BackupVolumeInfo[] = [];
  for (const du of uploads) infos.push(dataUploadVolumeInfo(du, await volumeFacts(deps, du)));
  return infos;
}

/** `inner` whose results also carry the DataUploads' volume infos (see the file comment). */
export function withDataUploadVolumeInfos(
  inner: PodVolumeBackupperFactory,
  deps: DataUploadInfoDeps,
): PodVolumeBackupperFactory {
  return (context) => {
    const backupper = inner(context);
    return {
      backupPodVolumes: (request) => backupper.backupPodVolumes(request),
      waitAll: async (signal) => {
        const results = await backupper.waitAll(signal);
        try {
          const moved = await dataUploadVolumeInfos(deps, context.backup);
          return { ...results, volumeInfos: [...results.volumeInfos, ...moved] };
        } catch (error) {
          context.log.error(`Error reading the backup's DataUploads: ${errorMessage(error)}`);
          return results;
        }
      },
    };
  };
}
