// Everything `backup describe` shows about one backup, and how it is gathered: the Backup, its
// deletion requests and pod volume backups, and the side files read through DownloadRequests.
import type {
  Backup,
  BackupPhase,
  DeleteBackupRequest,
  DownloadTargetKind,
  PodVolumeBackup,
} from "../../lib/api/index.js";
import { DownloadNotFoundError } from "../download/download-errors.js";
import {
  loadJsonFile,
  type BackupVolumeInfo,
  type FileFetcher,
  type FileResult,
  type ItemOperation,
  type NativeSnapshotRecord,
  type ResultsFile,
} from "./side-files.js";

/** Everything `backup describe` shows, gathered before rendering. */
export interface BackupDescription {
  readonly backup: Backup;
  readonly deleteRequests: readonly DeleteBackupRequest[];
  readonly podVolumeBackups: readonly PodVolumeBackup[];
  readonly details: boolean;
  /** `-results.gz`; loaded only when the backup counts warnings or errors. */
  readonly results?: FileResult<ResultsFile> | undefined;
  /** `-volumeinfo.json.gz` (`notFound` when the backup has not uploaded anything yet). */
  readonly volumeInfos: FileResult<BackupVolumeInfo[]>;
  /** Legacy `-volumesnapshots.json.gz`, read when there is no volume info file. */
  readonly nativeSnapshots?: FileResult<NativeSnapshotRecord[]> | undefined;
  /** `-resource-list.json.gz`, with `--details`. */
  readonly resourceList?: FileResult<Record<string, string[]>> | undefined;
  /** `-itemoperations.json.gz`, with `--details` when operations were attempted. */
  readonly itemOperations?: FileResult<ItemOperation[]> | undefined;
}

/** Phases in which a backup has not uploaded anything to the bucket yet. */
const NOTHING_UPLOADED: readonly BackupPhase[] = [
  "New",
  "Queued",
  "ReadyToStart",
  "InProgress",
  "FailedValidation",
];

/** The cluster objects a backup description needs besides the backup. */
export interface BackupRelatedObjects {
  readonly deleteRequests: readonly DeleteBackupRequest[];
  readonly podVolumeBackups: readonly PodVolumeBackup[];
}

/**
 * Reads the side files Velero's describe reads: results when the backup counts warnings or
 * errors; volume infos (or the legacy snapshot list); with `details` the resource list and item
 * operations. A backup that has uploaded nothing yet is not asked for (Velero would get 404s).
 */
export async function loadBackupDescription(
  backup: Backup,
  related: BackupRelatedObjects,
  options: { readonly details: boolean; readonly fetch: FileFetcher },
): Promise<BackupDescription> {
  const status = {
    warnings: 0,
    errors: 0,
    volumeSnapshotsAttempted: 0,
    backupItemOperationsAttempted: 0,
    ...backup.status,
  };
  const uploaded = !NOTHING_UPLOADED.includes(status.phase ?? "New");
  const fetch: FileFetcher = uploaded
    ? options.fetch
    : () => Promise.reject(new DownloadNotFoundError());
  const load = <T>(
    wanted: boolean,
    kind: DownloadTargetKind,
  ): Promise<FileResult<T> | undefined> =>
    wanted ? loadJsonFile<T>(fetch, kind) : Promise.resolve(undefined);
  const volumeInfos = await loadJsonFile<BackupVolumeInfo[]>(fetch, "BackupVolumeInfos");
  const needsLegacy = volumeInfos.state === "notFound" && status.volumeSnapshotsAttempted > 0;
  return {
    backup,
    ...related,
    details: options.details,
    results: await load<ResultsFile>(status.warnings + status.errors > 0, "BackupResults"),
    volumeInfos,
    nativeSnapshots: await load<NativeSnapshotRecord[]>(needsLegacy, "BackupVolumeSnapshots"),
    resourceList: await load<Record<string, string[]>>(options.details, "BackupResourceList"),
    itemOperations: await load<ItemOperation[]>(
      options.details && status.backupItemOperationsAttempted > 0,
      "BackupItemOperations",
    ),
  };
}
