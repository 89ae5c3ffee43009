// Encodes and decodes the bucket's side files exactly as Velero does: Go's json.Encoder
// output (compact, trailing newline) inside gzip, and Go's zero values when reading.
import { gunzipSync, gzipSync } from "node:zlib";
import { marshalOrdered, sortUtf8 } from "../archive/index.js";
import { BackupStoreDataError } from "./errors.js";
import {
  backupOperationLayout,
  backupVolumeInfoLayout,
  restoreOperationLayout,
  restoreVolumeInfoLayout,
  resultLayout,
  snapshotLayout,
} from "./side-file-layouts.js";
import {
  decodeStruct,
  decodeStructList,
  encodeStruct,
  encodeStructList,
  type GoStruct,
} from "./go-struct.js";
import type {
  BackupOperation,
  BackupVolumeInfo,
  KubeObjectJson,
  OperationResults,
  ResourceList,
  RestoreOperation,
  RestoreVolumeInfo,
  VolumeSnapshotRecord,
} from "./side-file-types.js";

/** A side file's JSON text as `json.Encoder.Encode` writes it: the value and a newline. */
export interface SideFileCodec<T> {
  encode(value: T): string;
  decode(json: unknown): T;
}

function listCodec<T>(layout: GoStruct, emptyAsNull: boolean): SideFileCodec<readonly T[]> {
  return {
    encode: (values) =>
      `${encodeStructList(layout, values.length === 0 && emptyAsNull ? null : values)}\n`,
    decode: (json) => decodeStructList(layout, json) as unknown as T[],
  };
}

/** Native snapshots; none is written as `null` (Velero's nil slice). */
export const volumeSnapshotsCodec = listCodec<VolumeSnapshotRecord>(snapshotLayout, true);
/** Backup item operations; none is written as `[]`. */
export const backupOperationsCodec = listCodec<BackupOperation>(backupOperationLayout, false);
/** Restore item operations; none is written as `[]`. */
export const restoreOperationsCodec = listCodec<RestoreOperation>(restoreOperationLayout, false);
/** Backup volume infos; none is written as `[]`. */
export const backupVolumeInfosCodec = listCodec<BackupVolumeInfo>(backupVolumeInfoLayout, false);
/** Restore volume infos; none is written as `[]`. */
export const restoreVolumeInfosCodec = listCodec<RestoreVolumeInfo>(restoreVolumeInfoLayout, false);

/**
 * Kubernetes objects (PodVolumeBackups, legacy CSI objects), each in its own key order (lay
 * them out in Go field order for byte-identical output); none is written as `null`.
 */
export const kubeObjectsCodec: SideFileCodec<readonly KubeObjectJson[]> = {
  encode: (objects) => `${objects.length === 0 ? "null" : marshalOrdered(objects)}\n`,
  decode: (json) =>
    Array.isArray(json)
      ? json.filter((o): o is KubeObjectJson => typeof o === "object" && o !== null)
      : [],
};

const resourceListLayout: GoStruct = [["list", { kind: "listMap" }]];

/** Resource lists (backup and restore): keys and each list sorted, as Velero sorts them. */
export const resourceListCodec: SideFileCodec<ResourceList> = {
  encode: (list) => {
    const sorted: Record<string, string[]> = {};
    for (const key of Object.keys(list)) sorted[key] = sortUtf8([...(list[key] ?? [])]);
    const wrapped = encodeStruct(resourceListLayout, { list: sorted });
    return `${wrapped.slice('{"list":'.length, -1)}\n`;
  },
  decode: (json) => {
    const decoded = decodeStruct(resourceListLayout, { list: json })["list"];
    return (decoded ?? {}) as ResourceList;
  },
};

/** `{"errors": Result, "warnings": Result}` (keys in Go's sorted map order). */
export const resultsCodec: SideFileCodec<OperationResults> = {
  encode: (results) =>
    `{"errors":${encodeStruct(resultLayout, results.errors)},"warnings":${encodeStruct(resultLayout, results.warnings)}}\n`,
  decode: (json) => {
    const record =
      typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
    return {
      errors: decodeStruct(resultLayout, record["errors"]),
      warnings: decodeStruct(resultLayout, record["warnings"]),
    };
  },
};

/** gzip (zlib's default level, no file name) of a side file's text. */
export function gzipText(text: string): Buffer {
  return gzipSync(text);
}

/** Gunzips and parses a side file; `BackupStoreDataError` when either step fails. */
export function parseGzippedJson(key: string, bytes: Buffer): unknown {
  let text: string;
  try {
    text = gunzipSync(bytes).toString("utf8");
  } catch (error) {
    throw new BackupStoreDataError(key, "not valid gzip", { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BackupStoreDataError(key, "not valid JSON", { cause: error });
  }
}
