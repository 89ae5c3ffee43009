// How a backup found in a bucket becomes a Backup object in this cluster (and its pod volume
// backups PodVolumeBackups), as Velero's backup sync rewrites them.
import {
  BACKUP_UID_LABEL,
  decodePodVolumeBackup,
  getValidLabelValue,
  parseTime,
  STORAGE_LOCATION_LABEL,
  type Backup,
  type BackupPhase,
  type ObjectMeta,
  type OwnerReference,
  type PodVolumeBackup,
} from "../../lib/api/index.js";

const unfinishedPhases: readonly (BackupPhase | undefined)[] = [
  "WaitingForPluginOperations",
  "WaitingForPluginOperationsPartiallyFailed",
  "Finalizing",
  "FinalizingPartiallyFailed",
];

/** Where a synced object goes. */
export interface SyncTarget {
  /** The agent's namespace. */
  readonly namespace: string;
  /** The BackupStorageLocation's name in this cluster. */
  readonly locationName: string;
}

/** Clears what the API server assigns, so the object can be created here. */
function freshMetadata(metadata: ObjectMeta, namespace: string): ObjectMeta {
  const {
    uid: _uid,
    resourceVersion: _rv,
    creationTimestamp: _ct,
    generation: _gen,
    managedFields: _mf,
    selfLink: _sl,
    deletionTimestamp: _dt,
    deletionGracePeriodSeconds: _dg,
    ...rest
  } = metadata;
  return { ...rest, namespace };
}

/**
 * The Backup to create from a bucket's `velero-backup.json`, or undefined to skip it for now.
 * Backups still waiting for plugin operations or finalizing are skipped until they expire;
 * expired ones are synced as PartiallyFailed so garbage collection removes them. The copy is
 * moved to `target.namespace`, points at `target.locationName` (spec and
 * `velero.io/storage-location` label: the location may have another name in this cluster), and
 * keeps every status field.
 */
export function prepareSyncedBackup(
  stored: Backup,
  target: SyncTarget,
  now: Date,
): Backup | undefined {
  const backup = structuredClone(stored);
  if (unfinishedPhases.includes(backup.status?.phase)) {
    const expiration = backup.status?.expiration;
    if (expiration === undefined || parseTime(expiration) > now) return undefined;
    backup.status = { ...backup.status, phase: "PartiallyFailed" };
  }
  backup.metadata = freshMetadata(backup.metadata, target.namespace);
  backup.metadata.labels = {
    ...backup.metadata.labels,
    [STORAGE_LOCATION_LABEL]: getValidLabelValue(target.locationName),
  };
  backup.spec.storageLocation = target.locationName;
  return backup;
}

/**
 * Drops Schedule owner references whose schedule does not exist here or has another UID
 * (`schedules` maps name ⇒ UID); references of other kinds are kept.
 */
export function filterScheduleOwnerReferences(
  references: readonly OwnerReference[] | undefined,
  schedules: ReadonlyMap<string, string>,
): OwnerReference[] | undefined {
  if (references === undefined) return undefined;
  return references.filter((ref) => ref.kind !== "Schedule" || schedules.get(ref.name) === ref.uid);
}

/**
 * A PodVolumeBackup from `<b>-podvolumebackups.json.gz`, rewritten for the synced `backup`
 * (created here, so with its new UID): owner references to that Backup get the new UID, a
 * `velero.io/backup-uid` label is updated, and it moves to the backup's namespace and this
 * location. Throws `InvalidObjectError` when the JSON is not a PodVolumeBackup.
 */
export function prepareSyncedPodVolumeBackup(
  json: unknown,
  backup: Backup,
  target: SyncTarget,
): PodVolumeBackup {
  const pvb = decodePodVolumeBackup(json);
  const uid = backup.metadata.uid ?? "";
  pvb.metadata = freshMetadata(pvb.metadata, target.namespace);
  pvb.metadata.ownerReferences = pvb.metadata.ownerReferences?.map((ref) =>
    ref.apiVersion === "velero.io/v1" && ref.kind === "Backup" && ref.name === backup.metadata.name
      ? { ...ref, uid }
      : ref,
  );
  const labels = pvb.metadata.labels;
  if (labels?.[BACKUP_UID_LABEL] !== undefined) labels[BACKUP_UID_LABEL] = uid;
  pvb.spec.backupStorageLocation = target.locationName;
  return pvb;
}
