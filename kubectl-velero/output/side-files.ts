// The bucket side files `describe` shows (results, resource lists, volume infos, item
// operations), fetched before rendering so the describers themselves stay pure.
import type { DownloadTargetKind } from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import { DownloadNotFoundError } from "../download/download-errors.js";

/** Velero's `results.Result`: messages for Velero itself, the cluster, and per namespace. */
export interface OperationResult {
  velero?: string[];
  cluster?: string[];
  namespaces?: Record<string, string[]>;
}

/** The `-results.gz` file: `{"errors": Result, "warnings": Result}`. */
export interface ResultsFile {
  errors?: OperationResult;
  warnings?: OperationResult;
}

/** The parts of a BackupVolumeInfo describe uses. */
export interface BackupVolumeInfo {
  pvcName?: string;
  pvcNamespace?: string;
  pvName?: string;
  backupMethod?: string;
  snapshotDataMoved?: boolean;
  preserveLocalSnapshot?: boolean;
  result?: string;
  csiSnapshotInfo?: {
    snapshotHandle?: string;
    size?: number;
    driver?: string;
    vscName?: string;
    operationID?: string;
  };
  snapshotDataMovementInfo?: {
    dataMover?: string;
    uploaderType?: string;
    snapshotHandle?: string;
    operationID?: string;
    size?: number;
    incrementalSize?: number;
  };
  nativeSnapshotInfo?: {
    snapshotHandle?: string;
    volumeType?: string;
    volumeAZ?: string;
    iops?: string;
  };
}

/** A native snapshot record of the legacy `-volumesnapshots.json.gz`. */
export interface NativeSnapshotRecord {
  spec?: {
    persistentVolumeName?: string;
    volumeType?: string;
    volumeAZ?: string;
    volumeIOPS?: number;
  };
  status?: { providerSnapshotID?: string };
}

/** One item operation (BackupOperation/RestoreOperation) as far as describe shows it. */
export interface ItemOperation {
  spec?: {
    backupItemAction?: string;
    restoreItemAction?: string;
    operationID?: string;
    resourceIdentifier?: { Group?: string; Resource?: string; Namespace?: string; Name?: string };
    postOperationItems?: { Group?: string; Resource?: string; Namespace?: string; Name?: string }[];
  };
  status?: {
    phase?: string;
    error?: string;
    nCompleted?: number;
    nTotal?: number;
    operationUnits?: string;
    description?: string;
    created?: string;
    started?: string;
    updated?: string;
  };
}

/**
 * A downloaded file: parsed, missing from the bucket, not downloadable (`error`), or not
 * valid JSON (`badJson`), the last two with the error message.
 */
export type FileResult<T> =
  | { readonly state: "ok"; readonly value: T }
  | { readonly state: "notFound" }
  | { readonly state: "error" | "badJson"; readonly message: string };

/** Fetches one side file's (decompressed) bytes; throws `DownloadNotFoundError` when absent. */
export type FileFetcher = (kind: DownloadTargetKind) => Promise<Buffer>;

/** Fetches and parses one JSON side file, never throwing. */
export async function loadJsonFile<T>(
  fetch: FileFetcher,
  kind: DownloadTargetKind,
): Promise<FileResult<T>> {
  let bytes: Buffer;
  try {
    bytes = await fetch(kind);
  } catch (error) {
    if (error instanceof DownloadNotFoundError) return { state: "notFound" };
    return { state: "error", message: errorMessage(error) };
  }
  try {
    return { state: "ok", value: JSON.parse(bytes.toString("utf8")) as T };
  } catch (error) {
    return { state: "badJson", message: errorMessage(error) };
  }
}

/** `Group/Resource` of an item operation's identifier, as Go prints a GroupResource. */
export function groupResource(id: { Group?: string; Resource?: string } | undefined): string {
  const resource = id?.Resource ?? "";
  const group = id?.Group ?? "";
  return group === "" ? resource : `${resource}.${group}`;
}

/** The error text of a file that is not `ok` (`file not found` when missing). */
export function fileErrorMessage(file: FileResult<unknown>): string {
  if (file.state === "notFound") return "file not found";
  return file.state === "ok" ? "" : file.message;
}
