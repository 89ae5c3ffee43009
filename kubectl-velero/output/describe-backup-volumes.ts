// The `Backup Volumes:` part of `backup describe`: native snapshots, CSI snapshots (local and
// moved data), and pod volume backups grouped by phase and pod.
import type { PodVolumeBackup, PodVolumeRestore } from "../../lib/api/index.js";
import type { BackupDescription } from "./backup-description.js";
import type { Describer } from "./describer.js";
import { orEmpty, orZero } from "./go-values.js";
import { fileErrorMessage, type BackupVolumeInfo } from "./side-files.js";

/** Writes `Backup Volumes:` (native snapshots, CSI snapshots, pod volume backups). */
export function describeBackupVolumes(d: Describer, data: BackupDescription): void {
  d.println("Backup Volumes:");
  const volumes = backupVolumes(data);
  if (volumes.error !== undefined) {
    d.printf(`\t<${volumes.error}>\n`);
    return;
  }
  describeNativeSnapshots(d, data.details, volumes.native);
  d.println();
  describeCsiSnapshots(d, data.details, volumes.csi, volumes.legacy);
  d.println();
  describePodVolumeBackups(d, data.details, data.podVolumeBackups);
}

interface Volumes {
  readonly native: BackupVolumeInfo[];
  readonly csi: BackupVolumeInfo[];
  readonly legacy: boolean;
  readonly error?: string;
}

/** Splits the volume infos (or the legacy snapshot records) into native and CSI snapshots. */
export function backupVolumes(data: BackupDescription): Volumes {
  const infos = data.volumeInfos;
  if (infos.state === "ok") {
    return {
      native: infos.value.filter((v) => v.backupMethod === "NativeSnapshot"),
      csi: infos.value.filter((v) => v.backupMethod === "CSISnapshot"),
      legacy: false,
    };
  }
  if (infos.state !== "notFound") {
    const verb = infos.state === "badJson" ? "reading" : "getting";
    return {
      native: [],
      csi: [],
      legacy: false,
      error: `error ${verb} backup volume info: ${infos.message}`,
    };
  }
  const records = data.nativeSnapshots ?? { state: "ok", value: [] };
  if (records.state !== "ok") {
    return {
      native: [],
      csi: [],
      legacy: true,
      error: `error concluding native snapshot info: ${fileErrorMessage(records)}`,
    };
  }
  const native = records.value.map((r) => ({
    pvName: orEmpty(r.spec?.persistentVolumeName),
    nativeSnapshotInfo: {
      snapshotHandle: orEmpty(r.status?.providerSnapshotID),
      volumeType: orEmpty(r.spec?.volumeType),
      volumeAZ: orEmpty(r.spec?.volumeAZ),
      iops: r.spec?.volumeIOPS === undefined ? "" : String(r.spec.volumeIOPS),
    },
  }));
  return { native, csi: [], legacy: true };
}

function describeNativeSnapshots(d: Describer, details: boolean, infos: BackupVolumeInfo[]): void {
  if (infos.length === 0) {
    d.printf("\tVelero-Native Snapshots: <none included>\n");
    return;
  }
  d.println("\tVelero-Native Snapshots:");
  for (const info of infos) {
    if (!details) {
      d.printf(`\t\t${orEmpty(info.pvName)}: specify --details for more information\n`);
      continue;
    }
    const native = info.nativeSnapshotInfo ?? {};
    d.printf(`\t\t${orEmpty(info.pvName)}:\n`);
    d.printf(`\t\t\tSnapshot ID:\t${orEmpty(native.snapshotHandle)}\n`);
    d.printf(`\t\t\tType:\t${orEmpty(native.volumeType)}\n`);
    d.printf(`\t\t\tAvailability Zone:\t${orEmpty(native.volumeAZ)}\n`);
    d.printf(`\t\t\tIOPS:\t${orEmpty(native.iops)}\n`);
    d.printf(`\t\t\tResult:\t${orEmpty(info.result)}\n`);
  }
}

function describeCsiSnapshots(
  d: Describer,
  details: boolean,
  infos: BackupVolumeInfo[],
  legacy: boolean,
): void {
  if (infos.length === 0) {
    d.printf(
      `\tCSI Snapshots: ${legacy ? "<none included or not detectable>" : "<none included>"}\n`,
    );
    return;
  }
  d.println("\tCSI Snapshots:");
  for (const info of infos) {
    d.printf(`\t\t${orEmpty(info.pvcNamespace)}/${orEmpty(info.pvcName)}:\n`);
    if (info.preserveLocalSnapshot === true) describeLocalSnapshot(d, details, info);
    if (info.snapshotDataMoved === true) describeDataMovement(d, details, info);
  }
}

function describeLocalSnapshot(d: Describer, details: boolean, info: BackupVolumeInfo): void {
  if (!details) {
    d.printf("\t\t\tSnapshot: included, specify --details for more information\n");
    return;
  }
  const csi = info.csiSnapshotInfo ?? {};
  d.printf("\t\t\tSnapshot:\n");
  if (info.snapshotDataMoved !== true && orEmpty(csi.operationID) !== "") {
    d.printf(`\t\t\t\tOperation ID: ${orEmpty(csi.operationID)}\n`);
  }
  d.printf(`\t\t\t\tSnapshot Content Name: ${orEmpty(csi.vscName)}\n`);
  d.printf(`\t\t\t\tStorage Snapshot ID: ${orEmpty(csi.snapshotHandle)}\n`);
  d.printf(`\t\t\t\tSnapshot Size (bytes): ${orZero(csi.size)}\n`);
  d.printf(`\t\t\t\tCSI Driver: ${orEmpty(csi.driver)}\n`);
  d.printf(`\t\t\t\tResult: ${orEmpty(info.result)}\n`);
}

function describeDataMovement(d: Describer, details: boolean, info: BackupVolumeInfo): void {
  if (!details) {
    d.printf("\t\t\tData Movement: included, specify --details for more information\n");
    return;
  }
  const moved = info.snapshotDataMovementInfo ?? {};
  d.printf("\t\t\tData Movement:\n");
  d.printf(`\t\t\t\tOperation ID: ${orEmpty(moved.operationID)}\n`);
  d.printf(
    `\t\t\t\tData Mover: ${orEmpty(moved.dataMover) === "" ? "velero" : orEmpty(moved.dataMover)}\n`,
  );
  d.printf(`\t\t\t\tUploader Type: ${orEmpty(moved.uploaderType)}\n`);
  d.printf(`\t\t\t\tMoved data Size (bytes): ${orZero(moved.size)}\n`);
  if (orZero(moved.incrementalSize) > 0) {
    d.printf(`\t\t\t\tIncremental data Size (bytes): ${orZero(moved.incrementalSize)}\n`);
  }
  d.printf(`\t\t\t\tResult: ${orEmpty(info.result)}\n`);
}

/** Pod volume phases in Velero's display order ("In Progress" groups InProgress). */
export const POD_VOLUME_BACKUP_GROUPS = [
  "Completed",
  "Failed",
  "Canceled",
  "In Progress",
  "Canceling",
  "Prepared",
  "Accepted",
  "New",
] as const;

/** The display group of a pod volume backup's or restore's phase. */
export function podVolumeGroup(phase: string | undefined): string {
  if (phase === undefined || phase === "") return "New";
  return phase === "InProgress" ? "In Progress" : phase;
}

function describePodVolumeBackups(
  d: Describer,
  details: boolean,
  pvbs: readonly PodVolumeBackup[],
): void {
  const first = pvbs[0];
  if (first === undefined) {
    d.printf("\tPod Volume Backups: <none included>\n");
    return;
  }
  const uploader = first.spec.uploaderType ?? "";
  d.printf(
    details
      ? `\tPod Volume Backups - ${uploader}:\n`
      : `\tPod Volume Backups - ${uploader} (specify --details for more information):\n`,
  );
  for (const group of POD_VOLUME_BACKUP_GROUPS) {
    const inGroup = pvbs.filter((p) => podVolumeGroup(p.status?.phase) === group);
    if (inGroup.length === 0) continue;
    if (!details) {
      d.printf(`\t\t${group}:\t${inGroup.length}\n`);
      continue;
    }
    d.printf(`\t\t${group}:\n`);
    for (const [pod, volumes] of volumesByPod(inGroup, group)) {
      d.printf(`\t\t\t${pod}: ${volumes.sort().join(", ")}\n`);
    }
  }
}

/** A pod volume backup or restore: the pod, the volume and byte progress. */
export type PodVolume = PodVolumeBackup | PodVolumeRestore;

/** Volumes grouped by `namespace/pod`, sorted by pod, with Velero's size/progress notes. */
export function volumesByPod(items: readonly PodVolume[], group: string): [string, string[]][] {
  const byPod = new Map<string, string[]>();
  for (const item of items) {
    const key = `${orEmpty(item.spec.pod.namespace)}/${orEmpty(item.spec.pod.name)}`;
    const list = byPod.get(key) ?? [];
    list.push(volumeLabel(item, group));
    byPod.set(key, list);
  }
  return [...byPod.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function volumeLabel(item: PodVolume, group: string): string {
  const progress = { totalBytes: 0, bytesDone: 0, ...item.status?.progress };
  const total = progress.totalBytes;
  const done = progress.bytesDone;
  const incremental = orZero(
    item.status && "incrementalBytes" in item.status ? item.status.incrementalBytes : 0,
  );
  if (group === "In Progress" && total !== 0) {
    return `${item.spec.volume} (${((done / total) * 100).toFixed(2)}%)`;
  }
  if (group === "Completed" && incremental > 0) {
    return `${item.spec.volume} (size: ${total}, incremental size: ${incremental})`;
  }
  if (group === "Completed" && total > 0) return `${item.spec.volume} (size: ${total})`;
  return item.spec.volume;
}
