// Typed clients for the velero.io kinds in one namespace. Velero's CRDs have no status
// subresource, so status is written with a merge patch of the object itself, as Velero does.
import {
  findKind,
  GROUP,
  type Backup,
  type BackupRepository,
  type BackupStorageLocation,
  type DataDownload,
  type DataUpload,
  type DeleteBackupRequest,
  type DownloadRequest,
  type PodVolumeBackup,
  type PodVolumeRestore,
  type Restore,
  type Schedule,
  type ServerStatusRequest,
  type VolumeSnapshotLocation,
} from "../api/index.js";
import type { ObjectLike } from "./kube-object.js";
import { ResourceClient, type ListPage, type WriteOptions } from "./resource-client.js";
import type { KubeRestClient } from "./rest-client.js";
import type { ResourceType } from "./resource-path.js";

/** The ResourceType of a velero.io kind (`Backup` ⇒ velero.io/v1 backups). */
export function veleroResourceType(kind: string): ResourceType {
  const info = findKind(kind);
  if (info === undefined) throw new Error(`unknown velero.io kind ${kind}`);
  return { group: GROUP, version: info.version, resource: info.plural, namespaced: true, kind };
}

/** Any velero.io object: a spec and an optional status. */
type VeleroKubeObject = ObjectLike & { status?: unknown };

/** CRUD for one velero.io kind, bound to one namespace. */
export class VeleroResourceClient<T extends VeleroKubeObject> {
  readonly namespace: string;
  readonly resources: ResourceClient<T>;

  constructor(rest: KubeRestClient, kind: string, namespace: string) {
    this.namespace = namespace;
    this.resources = new ResourceClient<T>(rest, veleroResourceType(kind));
  }

  get(name: string): Promise<T> {
    return this.resources.get(name, this.namespace);
  }

  /** Every object of the kind in the namespace, optionally filtered by labels. */
  async list(labelSelector?: string): Promise<T[]> {
    const page: ListPage<T> = await this.resources.list({
      namespace: this.namespace,
      labelSelector,
    });
    return page.items;
  }

  create(object: T, options: WriteOptions = {}): Promise<T> {
    return this.resources.create(object, { ...options, namespace: this.namespace });
  }

  /** Replaces the object; `ConflictError` when its resourceVersion is stale. */
  replace(object: T): Promise<T> {
    return this.resources.replace(object, { namespace: this.namespace });
  }

  /** JSON merge patch of the object (`null` deletes a field). */
  patch(name: string, patch: unknown): Promise<T> {
    return this.resources.patch(name, patch, { namespace: this.namespace, type: "merge" });
  }

  /** Merges `status` into the object's status. */
  patchStatus(name: string, status: NonNullable<T["status"]>): Promise<T> {
    return this.patch(name, { status });
  }

  delete(name: string): Promise<void> {
    return this.resources.delete(name, { namespace: this.namespace });
  }
}

/** One typed client per velero.io kind, all in the Velero namespace. */
export interface VeleroClients {
  readonly namespace: string;
  readonly backups: VeleroResourceClient<Backup>;
  readonly restores: VeleroResourceClient<Restore>;
  readonly schedules: VeleroResourceClient<Schedule>;
  readonly backupStorageLocations: VeleroResourceClient<BackupStorageLocation>;
  readonly volumeSnapshotLocations: VeleroResourceClient<VolumeSnapshotLocation>;
  readonly podVolumeBackups: VeleroResourceClient<PodVolumeBackup>;
  readonly podVolumeRestores: VeleroResourceClient<PodVolumeRestore>;
  readonly deleteBackupRequests: VeleroResourceClient<DeleteBackupRequest>;
  readonly downloadRequests: VeleroResourceClient<DownloadRequest>;
  readonly serverStatusRequests: VeleroResourceClient<ServerStatusRequest>;
  readonly backupRepositories: VeleroResourceClient<BackupRepository>;
  readonly dataUploads: VeleroResourceClient<DataUpload>;
  readonly dataDownloads: VeleroResourceClient<DataDownload>;
}

/** Builds {@link VeleroClients} for `namespace`. */
export function createVeleroClients(rest: KubeRestClient, namespace: string): VeleroClients {
  const client = <T extends VeleroKubeObject>(kind: string): VeleroResourceClient<T> =>
    new VeleroResourceClient<T>(rest, kind, namespace);
  return {
    namespace,
    backups: client("Backup"),
    restores: client("Restore"),
    schedules: client("Schedule"),
    backupStorageLocations: client("BackupStorageLocation"),
    volumeSnapshotLocations: client("VolumeSnapshotLocation"),
    podVolumeBackups: client("PodVolumeBackup"),
    podVolumeRestores: client("PodVolumeRestore"),
    deleteBackupRequests: client("DeleteBackupRequest"),
    downloadRequests: client("DownloadRequest"),
    serverStatusRequests: client("ServerStatusRequest"),
    backupRepositories: client("BackupRepository"),
    dataUploads: client("DataUpload"),
    dataDownloads: client("DataDownload"),
  };
}
