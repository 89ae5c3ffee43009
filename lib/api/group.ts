// The velero.io API group: its versions and the one registry of every kind, which the CLI, the
// agents, the CRD generator and the tests iterate.
import { backupSchema } from "./backup.js";
import { backupRepositorySchema } from "./backup-repository.js";
import { backupStorageLocationSchema } from "./backup-storage-location.js";
import { dataDownloadSchema } from "./data-download.js";
import { dataUploadSchema } from "./data-upload.js";
import { deleteBackupRequestSchema } from "./delete-backup-request.js";
import { downloadRequestSchema } from "./download-request.js";
import { podVolumeBackupSchema } from "./pod-volume-backup.js";
import { podVolumeRestoreSchema } from "./pod-volume-restore.js";
import { restoreSchema } from "./restore.js";
import { scheduleSchema } from "./schedule.js";
import type { SchemaNode } from "./schema/dsl.js";
import { serverStatusRequestSchema } from "./server-status-request.js";
import { volumeSnapshotLocationSchema } from "./volume-snapshot-location.js";

/** The API group of every Velero custom resource. */
export const GROUP = "velero.io";
/** Versions served, in the order Velero introduced them. */
export const VERSIONS = ["v1", "v2alpha1"] as const;
/** A served version. */
export type Version = (typeof VERSIONS)[number];

/** One `kubectl get` column of a CRD (`additionalPrinterColumns`). */
export interface PrinterColumn {
  readonly name: string;
  readonly type: "string" | "integer" | "date" | "boolean";
  readonly jsonPath: string;
  readonly description?: string;
  readonly format?: "int64";
  readonly priority?: number;
}

/** Everything known about one kind. All velero.io kinds are namespaced. */
export interface KindInfo {
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: true;
  readonly version: Version;
  /** `velero.io/<version>`. */
  readonly apiVersion: string;
  readonly description: string;
  readonly printerColumns: readonly PrinterColumn[];
  /** The whole object's schema (envelope, spec and status). */
  readonly schema: SchemaNode;
}

const age: PrinterColumn = { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" };
const status: PrinterColumn = { name: "Status", type: "string", jsonPath: ".status.phase" };
const started: PrinterColumn = {
  name: "Started",
  type: "date",
  jsonPath: ".status.startTimestamp",
  description: "When the work started.",
};
const bytesDone: PrinterColumn = {
  name: "Bytes Done",
  type: "integer",
  format: "int64",
  jsonPath: ".status.progress.bytesDone",
};
const totalBytes: PrinterColumn = {
  name: "Total Bytes",
  type: "integer",
  format: "int64",
  jsonPath: ".status.progress.totalBytes",
};
const incrementalBytes: PrinterColumn = {
  name: "Incremental Bytes",
  type: "integer",
  format: "int64",
  jsonPath: ".status.incrementalBytes",
  priority: 10,
};
const storageLocation: PrinterColumn = {
  name: "Storage Location",
  type: "string",
  jsonPath: ".spec.backupStorageLocation",
};
const node: PrinterColumn = { name: "Node", type: "string", jsonPath: ".status.node" };

interface KindEntry {
  readonly kind: string;
  readonly plural: string;
  readonly version?: Version;
  readonly shortNames?: readonly string[];
  readonly description: string;
  readonly printerColumns?: readonly PrinterColumn[];
  readonly schema: { readonly node: SchemaNode };
}

function kindInfo(entry: KindEntry): KindInfo {
  const version = entry.version ?? "v1";
  return {
    kind: entry.kind,
    listKind: `${entry.kind}List`,
    plural: entry.plural,
    singular: entry.kind.toLowerCase(),
    shortNames: entry.shortNames ?? [],
    namespaced: true,
    version,
    apiVersion: `${GROUP}/${version}`,
    description: entry.description,
    printerColumns: entry.printerColumns ?? [],
    schema: entry.schema.node,
  };
}

/** Every velero.io kind, v1 first, in Velero's documentation order. */
export const KINDS: readonly KindInfo[] = [
  kindInfo({
    kind: "Backup",
    plural: "backups",
    description: "A request to back up Kubernetes resources and volumes, and its outcome.",
    schema: backupSchema,
  }),
  kindInfo({
    kind: "Restore",
    plural: "restores",
    description: "A request to restore a backup into the cluster, and its outcome.",
    schema: restoreSchema,
  }),
  kindInfo({
    kind: "Schedule",
    plural: "schedules",
    description: "Backups created repeatedly on a cron schedule.",
    printerColumns: [
      status,
      { name: "Schedule", type: "string", jsonPath: ".spec.schedule" },
      { name: "LastBackup", type: "date", jsonPath: ".status.lastBackup" },
      age,
      { name: "Paused", type: "boolean", jsonPath: ".spec.paused" },
    ],
    schema: scheduleSchema,
  }),
  kindInfo({
    kind: "BackupStorageLocation",
    plural: "backupstoragelocations",
    shortNames: ["bsl"],
    description: "An object storage bucket and prefix that holds backups.",
    printerColumns: [
      { name: "Phase", type: "string", jsonPath: ".status.phase" },
      { name: "Last Validated", type: "date", jsonPath: ".status.lastValidationTime" },
      age,
      { name: "Default", type: "boolean", jsonPath: ".spec.default" },
    ],
    schema: backupStorageLocationSchema,
  }),
  kindInfo({
    kind: "VolumeSnapshotLocation",
    plural: "volumesnapshotlocations",
    shortNames: ["vsl"],
    description: "Where and how native volume snapshots are taken.",
    schema: volumeSnapshotLocationSchema,
  }),
  kindInfo({
    kind: "PodVolumeBackup",
    plural: "podvolumebackups",
    description: "The file-system backup of one pod volume.",
    printerColumns: [
      status,
      started,
      bytesDone,
      totalBytes,
      incrementalBytes,
      storageLocation,
      age,
      node,
      { name: "Uploader", type: "string", jsonPath: ".spec.uploaderType" },
    ],
    schema: podVolumeBackupSchema,
  }),
  kindInfo({
    kind: "PodVolumeRestore",
    plural: "podvolumerestores",
    description: "The file-system restore of one pod volume.",
    printerColumns: [
      status,
      started,
      bytesDone,
      totalBytes,
      storageLocation,
      age,
      node,
      { name: "Uploader Type", type: "string", jsonPath: ".spec.uploaderType" },
    ],
    schema: podVolumeRestoreSchema,
  }),
  kindInfo({
    kind: "DeleteBackupRequest",
    plural: "deletebackuprequests",
    description: "A request to delete a backup, its data and its snapshots.",
    printerColumns: [{ name: "BackupName", type: "string", jsonPath: ".spec.backupName" }, status],
    schema: deleteBackupRequestSchema,
  }),
  kindInfo({
    kind: "DownloadRequest",
    plural: "downloadrequests",
    description: "A request for a signed URL to a file of a backup or restore.",
    schema: downloadRequestSchema,
  }),
  kindInfo({
    kind: "ServerStatusRequest",
    plural: "serverstatusrequests",
    shortNames: ["ssr"],
    description: "A request for the server's version and plugins.",
    schema: serverStatusRequestSchema,
  }),
  kindInfo({
    kind: "BackupRepository",
    plural: "backuprepositories",
    description: "A file-system backup repository for one namespace in one location.",
    printerColumns: [
      age,
      { name: "Repository Type", type: "string", jsonPath: ".spec.repositoryType" },
    ],
    schema: backupRepositorySchema,
  }),
  kindInfo({
    kind: "DataUpload",
    plural: "datauploads",
    version: "v2alpha1",
    description: "Moving a CSI snapshot's data into backup storage.",
    printerColumns: [
      status,
      started,
      bytesDone,
      totalBytes,
      incrementalBytes,
      storageLocation,
      age,
      node,
    ],
    schema: dataUploadSchema,
  }),
  kindInfo({
    kind: "DataDownload",
    plural: "datadownloads",
    version: "v2alpha1",
    description: "Moving uploaded snapshot data back into a volume.",
    printerColumns: [status, started, bytesDone, totalBytes, storageLocation, age, node],
    schema: dataDownloadSchema,
  }),
];

/** The registry entry of `kind`, or undefined for a kind Velero does not define. */
export function findKind(kind: string): KindInfo | undefined {
  return KINDS.find((k) => k.kind === kind);
}

/** The registry entry whose plural, singular, kind or short name is `name` (case-insensitive). */
export function findResource(name: string): KindInfo | undefined {
  const wanted = name.toLowerCase();
  return KINDS.find(
    (k) =>
      k.plural === wanted ||
      k.singular === wanted ||
      k.kind.toLowerCase() === wanted ||
      k.shortNames.includes(wanted),
  );
}
