// Fluent builders of the data-moving kinds: PodVolumeBackup/Restore, BackupRepository,
// DataUpload and DataDownload. Required spec fields start empty; set them with spec().
import type { BackupRepository } from "../backup-repository.js";
import type { DataDownload } from "../data-download.js";
import type { DataUpload } from "../data-upload.js";
import type { PodVolumeBackup } from "../pod-volume-backup.js";
import type { PodVolumeRestore } from "../pod-volume-restore.js";
import { ObjectBuilder } from "./object-builder.js";

/** Builds a PodVolumeBackup. */
export class PodVolumeBackupBuilder extends ObjectBuilder<PodVolumeBackup> {
  constructor(namespace: string, name: string) {
    super({
      apiVersion: "velero.io/v1",
      kind: "PodVolumeBackup",
      metadata: { namespace, name },
      spec: { node: "", pod: {}, volume: "", backupStorageLocation: "", repoIdentifier: "" },
    });
  }
}

/** Builds a PodVolumeRestore. */
export class PodVolumeRestoreBuilder extends ObjectBuilder<PodVolumeRestore> {
  constructor(namespace: string, name: string) {
    super({
      apiVersion: "velero.io/v1",
      kind: "PodVolumeRestore",
      metadata: { namespace, name },
      spec: {
        pod: {},
        volume: "",
        backupStorageLocation: "",
        repoIdentifier: "",
        snapshotID: "",
        sourceNamespace: "",
      },
    });
  }
}

/** Builds a BackupRepository; maintenance defaults to Velero's 1h. */
export class BackupRepositoryBuilder extends ObjectBuilder<BackupRepository> {
  constructor(namespace: string, name: string) {
    super({
      apiVersion: "velero.io/v1",
      kind: "BackupRepository",
      metadata: { namespace, name },
      spec: { volumeNamespace: "", backupStorageLocation: "", maintenanceFrequency: "1h0m0s" },
    });
  }
}

/** Builds a DataUpload of a CSI snapshot. */
export class DataUploadBuilder extends ObjectBuilder<DataUpload> {
  constructor(namespace: string, name: string) {
    super({
      apiVersion: "velero.io/v2alpha1",
      kind: "DataUpload",
      metadata: { namespace, name },
      spec: {
        snapshotType: "CSI",
        sourcePVC: "",
        backupStorageLocation: "",
        sourceNamespace: "",
        operationTimeout: "10m0s",
      },
    });
  }
}

/** Builds a DataDownload. */
export class DataDownloadBuilder extends ObjectBuilder<DataDownload> {
  constructor(namespace: string, name: string) {
    super({
      apiVersion: "velero.io/v2alpha1",
      kind: "DataDownload",
      metadata: { namespace, name },
      spec: {
        targetVolume: { pvc: "", pv: "", namespace: "" },
        backupStorageLocation: "",
        snapshotID: "",
        sourceNamespace: "",
        operationTimeout: "10m0s",
      },
    });
  }
}
