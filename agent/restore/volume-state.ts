// What a restore knows about the backup's volumes (volume infos, native snapshots, pod volume
// backups, legacy CSI snapshots) and what it decided about them while restoring.
import type { PodVolumeBackup } from "../../lib/api/index.js";
import type {
  BackupVolumeInfo,
  KubeObjectJson,
  VolumeSnapshotRecord,
} from "../../lib/backup-store/index.js";

/** Options of {@link VolumeState}. */
export interface VolumeStateOptions {
  readonly volumeInfos: readonly BackupVolumeInfo[];
  readonly nativeSnapshots: readonly VolumeSnapshotRecord[];
  readonly podVolumeBackups: readonly PodVolumeBackup[];
  readonly csiVolumeSnapshots: readonly KubeObjectJson[];
}

/** Volume facts of one restore, shared by its items (PVs decide, PVCs follow). */
export class VolumeState {
  readonly #infos = new Map<string, BackupVolumeInfo>();
  readonly nativeSnapshots: readonly VolumeSnapshotRecord[];
  readonly podVolumeBackups: readonly PodVolumeBackup[];
  readonly csiVolumeSnapshots: readonly KubeObjectJson[];
  /** PVs not restored but left to dynamic provisioning; their PVCs lose `spec.volumeName`. */
  readonly pvsToProvision = new Set<string>();
  /** PVs restored under a new name (old ⇒ new); their PVCs follow. */
  readonly renamedPVs = new Map<string, string>();

  constructor(options: VolumeStateOptions) {
    for (const info of options.volumeInfos) {
      if (info.pvName !== undefined && info.pvName !== "") this.#infos.set(info.pvName, info);
    }
    this.nativeSnapshots = options.nativeSnapshots;
    this.podVolumeBackups = options.podVolumeBackups;
    this.csiVolumeSnapshots = options.csiVolumeSnapshots;
  }

  /** The BackupVolumeInfo of a PV, when the backup has one (Velero ≥ 1.13 backups). */
  info(pvName: string): BackupVolumeInfo | undefined {
    return this.#infos.get(pvName);
  }
}
