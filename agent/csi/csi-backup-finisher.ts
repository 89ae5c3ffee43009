// The end of a backup's CSI snapshots, as Velero's backup controller and finalizer do it: the
// snapshots the backup made (label `velero.io/backup-name`) are counted into
// `status.csiVolumeSnapshotsAttempted/Completed` and described in `<b>-volumeinfo.json.gz`,
// then their VolumeSnapshot and VolumeSnapshotContent objects are removed while the storage
// snapshots are kept (content set to Retain first).
import {
  BACKUP_NAME_LABEL,
  formatTime,
  getValidLabelValue,
  type Backup,
  type VolumeSnapshot,
  type VolumeSnapshotContent,
  quantityBytes,
} from "../../lib/api/index.js";
import type { BackupVolumeInfo, CsiSnapshotInfo, PvInfo } from "../../lib/backup-store/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { CsiApi } from "./csi-api.js";
import { releaseReadySnapshot } from "./csi-snapshot.js";

/** What the backup records about its CSI snapshots. */
export interface CsiBackupSummary {
  /** `-volumeinfo.json.gz` entries (`backupMethod: "CSISnapshot"`). */
  readonly volumeInfos: readonly BackupVolumeInfo[];
  /** `status.csiVolumeSnapshotsAttempted` (omitted when 0). */
  readonly attempted: number;
  /** `status.csiVolumeSnapshotsCompleted` (omitted when 0). */
  readonly completed: number;
}

/** What finishing needs. */
export interface CsiFinishDeps {
  readonly api: CsiApi;
  readonly clock: Clock;
  readonly log: Logger;
}

const none: CsiBackupSummary = { volumeInfos: [], attempted: 0, completed: 0 };

/**
 * Summarises and releases the CSI snapshots of `backup`, once every item is written. With
 * `snapshotMoveData` the data mover owns the snapshots and this does nothing (Velero skips
 * them too). Contract: never throws; listing failures are logged as errors (the backup ends
 * PartiallyFailed) and the summary covers what could be read.
 */
export async function finishCsiSnapshots(
  deps: CsiFinishDeps,
  backup: Backup,
): Promise<CsiBackupSummary> {
  if (backup.spec.snapshotMoveData === true) return none;
  const selector = `${BACKUP_NAME_LABEL}=${getValidLabelValue(backup.metadata.name ?? "")}`;
  let snapshots: VolumeSnapshot[];
  let contents: VolumeSnapshotContent[];
  try {
    [snapshots, contents] = await Promise.all([
      deps.api.snapshots.list(selector),
      deps.api.contents.list(selector),
    ]);
  } catch (error) {
    deps.log.error("Error listing the backup's CSI volume snapshots", {
      error: errorMessage(error),
    });
    return none;
  }
  const volumeInfos: BackupVolumeInfo[] = [];
  for (const vs of snapshots) {
    const info = await volumeInfoOf(deps, vs, contents);
    if (info !== undefined) volumeInfos.push(info);
  }
  for (const vs of snapshots) await releaseReadySnapshot(deps.api, vs, deps.log);
  const completed = volumeInfos.filter((v) => v.result === "succeeded").length;
  return { volumeInfos, attempted: snapshots.length, completed };
}

interface ClaimVolume {
  readonly pvName: string;
  readonly pv: KubeObject | undefined;
}

async function claimVolume(
  api: CsiApi,
  namespace: string,
  claim: string,
): Promise<ClaimVolume | undefined> {
  const pvc = await api.claims.get(namespace, claim);
  const pvName = (pvc?.["spec"] as { volumeName?: string } | undefined)?.volumeName;
  if (pvName === undefined || pvName === "") return undefined;
  return { pvName, pv: await api.volumes.get("", pvName) };
}

async function volumeInfoOf(
  deps: CsiFinishDeps,
  vs: VolumeSnapshot,
  contents: readonly VolumeSnapshotContent[],
): Promise<BackupVolumeInfo | undefined> {
  const where = `${vs.metadata.namespace ?? ""}/${vs.metadata.name ?? ""}`;
  const contentName = vs.status?.boundVolumeSnapshotContentName;
  const claim = vs.spec.source.persistentVolumeClaimName;
  if (contentName === undefined || claim === undefined) {
    deps.log.warn(`VolumeSnapshot ${where} has no bound content or no source PVC`);
    return undefined;
  }
  const vsc =
    contents.find((c) => c.metadata.name === contentName) ??
    (await deps.api.contents.get("", contentName));
  const volume = await claimVolume(deps.api, vs.metadata.namespace ?? "", claim);
  if (vsc === undefined || volume === undefined) {
    deps.log.warn(`cannot find the content or the PVC's volume of VolumeSnapshot ${where}`);
    return undefined;
  }
  return buildVolumeInfo({ vs, vsc, claim, volume, now: deps.clock.now() });
}

function isReady(vs: VolumeSnapshot, vsc: VolumeSnapshotContent): boolean {
  return vs.status?.readyToUse === true && vsc.status?.snapshotHandle !== undefined;
}

function csiSnapshotInfo(vs: VolumeSnapshot, vsc: VolumeSnapshotContent): CsiSnapshotInfo {
  return {
    snapshotHandle: vsc.status?.snapshotHandle ?? "",
    size: quantityBytes(vs.status?.restoreSize),
    driver: vsc.spec.driver,
    vscName: vsc.metadata.name ?? "",
    ReadyToUse: vs.status?.readyToUse ?? null,
  };
}

function pvInfo(pv: KubeObject | undefined): PvInfo {
  const spec = pv?.["spec"] as { persistentVolumeReclaimPolicy?: string } | undefined;
  return {
    reclaimPolicy: spec?.persistentVolumeReclaimPolicy ?? "",
    labels: pv?.metadata?.labels ?? null,
  };
}

function buildVolumeInfo(parts: {
  readonly vs: VolumeSnapshot;
  readonly vsc: VolumeSnapshotContent;
  readonly claim: string;
  readonly volume: ClaimVolume;
  readonly now: Date;
}): BackupVolumeInfo {
  const { vs, vsc, volume } = parts;
  const ready = isReady(vs, vsc);
  const started = vs.status?.creationTime;
  return {
    pvcName: parts.claim,
    pvcNamespace: vs.metadata.namespace ?? "",
    pvName: volume.pvName,
    backupMethod: "CSISnapshot",
    snapshotDataMoved: false,
    preserveLocalSnapshot: true,
    skipped: false,
    ...(started === undefined ? {} : { startTimestamp: started }),
    ...(ready ? { completionTimestamp: formatTime(parts.now) } : {}),
    result: ready ? "succeeded" : "failed",
    csiSnapshotInfo: csiSnapshotInfo(vs, vsc),
    pvInfo: pvInfo(volume.pv),
  };
}
