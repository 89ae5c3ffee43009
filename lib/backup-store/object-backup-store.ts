// The BackupStore over any ObjectStore: Velero's keys from BackupStoreLayout, Velero's
// encodings from the side-file codecs.
import type { Readable } from "node:stream";
import { silentLogger, type Logger } from "../log.js";
import {
  ObjectNotFoundError,
  readObject,
  type ObjectBody,
  type ObjectStore,
} from "../storage/index.js";
import {
  downloadUrlTtlSeconds,
  type BackupInfo,
  type BackupStore,
  type BackupUpload,
} from "./backup-store.js";
import { StreamedBackupUpload } from "./backup-upload.js";
import { BackupNotFoundError, InvalidBackupStoreError } from "./errors.js";
import { BackupStoreLayout, type DownloadTargetKind } from "./layout.js";
import {
  backupOperationsCodec,
  backupVolumeInfosCodec,
  kubeObjectsCodec,
  resourceListCodec,
  restoreOperationsCodec,
  restoreVolumeInfosCodec,
  resultsCodec,
  volumeSnapshotsCodec,
} from "./side-file-codec.js";
import {
  deletePrefix,
  getGunzipped,
  getSideFile,
  putGzipped,
  putSideFile,
} from "./side-file-io.js";
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

/** Options of {@link ObjectBackupStore}. */
export interface ObjectBackupStoreOptions {
  readonly store: ObjectStore;
  /** The location's `objectStorage.prefix`; leading and trailing `/` are ignored. */
  readonly prefix?: string;
  /** Receives the error of a failed (best-effort) log upload. */
  readonly logger?: Logger;
}

/** {@link BackupStore} over an {@link ObjectStore}. */
export class ObjectBackupStore implements BackupStore {
  readonly layout: BackupStoreLayout;
  readonly #store: ObjectStore;
  readonly #logger: Logger;

  constructor(options: ObjectBackupStoreOptions) {
    this.#store = options.store;
    this.layout = new BackupStoreLayout(options.prefix);
    this.#logger = options.logger ?? silentLogger;
  }

  async isValid(): Promise<void> {
    const root = this.layout.rootPrefix;
    const dirs = await this.#store.listCommonPrefixes(root, "/");
    const invalid = dirs
      .map((dir) => dir.slice(root.length).replace(/\/$/, ""))
      .filter((dir) => !this.layout.isValidTopLevelDir(dir));
    if (invalid.length > 0) throw new InvalidBackupStoreError(invalid);
  }

  async listBackups(): Promise<string[]> {
    const prefixes = await this.#store.listCommonPrefixes(this.layout.dir("backups"), "/");
    return prefixes.flatMap((p) => this.layout.backupNameOf(p) ?? []);
  }

  backupExists(name: string): Promise<boolean> {
    return this.#store.exists(this.layout.backupMetadataKey(name));
  }

  async getBackupMetadata(name: string): Promise<string> {
    return (await this.#getBackupObject(name, this.layout.backupMetadataKey(name))).toString();
  }

  async putBackup(info: BackupInfo): Promise<void> {
    const upload = this.startBackup(info.name);
    await upload.uploadContents(info.contents);
    await upload.complete(info);
  }

  startBackup(name: string): BackupUpload {
    return new StreamedBackupUpload(
      { store: this.#store, layout: this.layout, logger: this.#logger },
      name,
    );
  }

  putBackupMetadata(name: string, metadataJson: string): Promise<void> {
    return this.#store.put(this.layout.backupMetadataKey(name), metadataJson);
  }

  putBackupContents(name: string, contents: ObjectBody): Promise<void> {
    return this.#store.put(this.layout.backupContentsKey(name), contents);
  }

  putBackupItemOperations(name: string, operations: readonly BackupOperation[]): Promise<void> {
    const key = this.layout.backupItemOperationsKey(name);
    return putSideFile(this.#store, key, backupOperationsCodec, operations);
  }

  putBackupVolumeInfos(name: string, infos: readonly BackupVolumeInfo[]): Promise<void> {
    const key = this.layout.backupVolumeInfoKey(name);
    return putSideFile(this.#store, key, backupVolumeInfosCodec, infos);
  }

  async getBackupContents(name: string): Promise<Readable> {
    try {
      return await this.#store.get(this.layout.backupContentsKey(name));
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError)) throw error;
      throw new BackupNotFoundError(name, `backup "${name}" has no contents in the backup store`, {
        cause: error,
      });
    }
  }

  getBackupLog(name: string): Promise<Readable | undefined> {
    return getGunzipped(this.#store, this.layout.backupLogKey(name));
  }

  getBackupVolumeSnapshots(name: string): Promise<VolumeSnapshotRecord[]> {
    const key = this.layout.backupVolumeSnapshotsKey(name);
    return this.#read(key, volumeSnapshotsCodec) as Promise<VolumeSnapshotRecord[]>;
  }

  getBackupItemOperations(name: string): Promise<BackupOperation[]> {
    const key = this.layout.backupItemOperationsKey(name);
    return this.#read(key, backupOperationsCodec) as Promise<BackupOperation[]>;
  }

  getPodVolumeBackups(name: string): Promise<KubeObjectJson[]> {
    return this.#readObjects(this.layout.podVolumeBackupsKey(name));
  }

  getBackupVolumeInfos(name: string): Promise<BackupVolumeInfo[]> {
    const key = this.layout.backupVolumeInfoKey(name);
    return this.#read(key, backupVolumeInfosCodec) as Promise<BackupVolumeInfo[]>;
  }

  getBackupResourceList(name: string): Promise<ResourceList> {
    return this.#read(this.layout.backupResourceListKey(name), resourceListCodec);
  }

  getBackupResults(name: string): Promise<OperationResults> {
    return this.#read(this.layout.backupResultsKey(name), resultsCodec);
  }

  getCSIVolumeSnapshots(name: string): Promise<KubeObjectJson[]> {
    return this.#readObjects(this.layout.csiVolumeSnapshotsKey(name));
  }

  getCSIVolumeSnapshotContents(name: string): Promise<KubeObjectJson[]> {
    return this.#readObjects(this.layout.csiVolumeSnapshotContentsKey(name));
  }

  getCSIVolumeSnapshotClasses(name: string): Promise<KubeObjectJson[]> {
    return this.#readObjects(this.layout.csiVolumeSnapshotClassesKey(name));
  }

  deleteBackup(name: string): Promise<void> {
    return deletePrefix(this.#store, this.layout.backupDir(name));
  }

  putRestoreLog(name: string, log: ObjectBody): Promise<void> {
    return putGzipped(this.#store, this.layout.restoreLogKey(name), log);
  }

  putRestoreResults(name: string, results: OperationResults): Promise<void> {
    return putSideFile(this.#store, this.layout.restoreResultsKey(name), resultsCodec, results);
  }

  putRestoredResourceList(name: string, list: ResourceList): Promise<void> {
    const key = this.layout.restoreResourceListKey(name);
    return putSideFile(this.#store, key, resourceListCodec, list);
  }

  putRestoreItemOperations(name: string, operations: readonly RestoreOperation[]): Promise<void> {
    const key = this.layout.restoreItemOperationsKey(name);
    return putSideFile(this.#store, key, restoreOperationsCodec, operations);
  }

  putRestoreVolumeInfo(name: string, infos: readonly RestoreVolumeInfo[]): Promise<void> {
    const key = this.layout.restoreVolumeInfoKey(name);
    return putSideFile(this.#store, key, restoreVolumeInfosCodec, infos);
  }

  getRestoreLog(name: string): Promise<Readable | undefined> {
    return getGunzipped(this.#store, this.layout.restoreLogKey(name));
  }

  getRestoreResults(name: string): Promise<OperationResults> {
    return this.#read(this.layout.restoreResultsKey(name), resultsCodec);
  }

  getRestoredResourceList(name: string): Promise<ResourceList> {
    return this.#read(this.layout.restoreResourceListKey(name), resourceListCodec);
  }

  getRestoreItemOperations(name: string): Promise<RestoreOperation[]> {
    const key = this.layout.restoreItemOperationsKey(name);
    return this.#read(key, restoreOperationsCodec) as Promise<RestoreOperation[]>;
  }

  getRestoreVolumeInfo(name: string): Promise<RestoreVolumeInfo[]> {
    const key = this.layout.restoreVolumeInfoKey(name);
    return this.#read(key, restoreVolumeInfosCodec) as Promise<RestoreVolumeInfo[]>;
  }

  deleteRestore(name: string): Promise<void> {
    return deletePrefix(this.#store, this.layout.restoreDir(name));
  }

  getDownloadUrl(
    kind: DownloadTargetKind,
    name: string,
    ttlSeconds = downloadUrlTtlSeconds,
  ): Promise<string> {
    return this.#store.signedUrl(this.layout.downloadKey(kind, name), ttlSeconds);
  }

  #read<T>(key: string, codec: Parameters<typeof getSideFile<T>>[2]): Promise<T> {
    return getSideFile(this.#store, key, codec);
  }

  async #readObjects(key: string): Promise<KubeObjectJson[]> {
    return [...(await getSideFile(this.#store, key, kubeObjectsCodec))];
  }

  async #getBackupObject(name: string, key: string): Promise<Buffer> {
    try {
      return await readObject(this.#store, key);
    } catch (error) {
      if (error instanceof ObjectNotFoundError)
        throw new BackupNotFoundError(name, undefined, { cause: error });
      throw error;
    }
  }
}
