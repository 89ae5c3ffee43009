// Everything `restore describe` shows about one restore, and how it is gathered: the Restore,
// its pod volume restores, and the side files read through DownloadRequests.
import type { PodVolumeRestore, Restore, RestorePhase } from "../../lib/api/index.js";
import { DownloadNotFoundError } from "../download/download-errors.js";
import {
  loadJsonFile,
  type BackupVolumeInfo,
  type FileFetcher,
  type FileResult,
  type ItemOperation,
  type ResultsFile,
} from "./side-files.js";

const NOTHING_UPLOADED: readonly RestorePhase[] = ["New", "InProgress", "FailedValidation"];

/** Everything `restore describe` shows. */
export interface RestoreDescription {
  readonly restore: Restore;
  readonly podVolumeRestores: readonly PodVolumeRestore[];
  readonly details: boolean;
  readonly results?: FileResult<ResultsFile> | undefined;
  readonly volumeInfos: FileResult<RestoreVolumeInfo[]>;
  readonly itemOperations?: FileResult<ItemOperation[]> | undefined;
  readonly resourceList?: FileResult<Record<string, string[]>> | undefined;
}

/** The parts of a RestoreVolumeInfo describe uses. */
export type RestoreVolumeInfo = BackupVolumeInfo & { restoreMethod?: string };

/** Reads the side files Velero's `restore describe` reads (none before any upload). */
export async function loadRestoreDescription(
  restore: Restore,
  podVolumeRestores: readonly PodVolumeRestore[],
  options: { readonly details: boolean; readonly fetch: FileFetcher },
): Promise<RestoreDescription> {
  const status = { warnings: 0, errors: 0, restoreItemOperationsAttempted: 0, ...restore.status };
  const uploaded = !NOTHING_UPLOADED.includes(status.phase ?? "New");
  const fetch: FileFetcher = uploaded
    ? options.fetch
    : () => Promise.reject(new DownloadNotFoundError());
  const counts = status.warnings + status.errors > 0;
  const operations = options.details && status.restoreItemOperationsAttempted > 0;
  return {
    restore,
    podVolumeRestores,
    details: options.details,
    results: counts ? await loadJsonFile<ResultsFile>(fetch, "RestoreResults") : undefined,
    volumeInfos: await loadJsonFile<RestoreVolumeInfo[]>(fetch, "RestoreVolumeInfo"),
    itemOperations: operations
      ? await loadJsonFile<ItemOperation[]>(fetch, "RestoreItemOperations")
      : undefined,
    resourceList: options.details
      ? await loadJsonFile<Record<string, string[]>>(fetch, "RestoreResourceList")
      : undefined,
  };
}
