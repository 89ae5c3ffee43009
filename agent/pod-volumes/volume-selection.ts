// Which volumes of a pod go to file-system backup, as Velero's GetVolumesByPod decides: the
// `backup.velero.io/backup-volumes` list (opt-in), or every volume except the kinds Velero
// never backs up and those listed in `backup.velero.io/backup-volumes-excludes` (opt-out).
import {
  BACKUP_VOLUMES_ANNOTATION,
  BACKUP_VOLUMES_EXCLUDES_ANNOTATION,
} from "../../lib/api/index.js";

/** The fields of a pod volume that matter here (a core/v1 Volume). */
export interface PodVolume {
  readonly name: string;
  readonly hostPath?: unknown;
  readonly secret?: unknown;
  readonly configMap?: unknown;
  readonly projected?: unknown;
  readonly downwardAPI?: unknown;
  readonly persistentVolumeClaim?: { readonly claimName: string; readonly readOnly?: boolean };
  readonly [source: string]: unknown;
}

/** The pod fields selection reads. */
export interface SelectablePod {
  readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> };
  readonly spec?: { readonly volumes?: readonly PodVolume[] };
}

/** How the backup selects volumes. */
export interface SelectionPolicy {
  /** `spec.defaultVolumesToFsBackup` as the server resolved it (opt-out mode when true). */
  readonly defaultVolumesToFsBackup: boolean;
  /** True when the backup's resource filters leave PersistentVolumeClaims out. */
  readonly excludesClaims: boolean;
}

/** The selected volume names and, in opt-out mode, the names the annotation opted out. */
export interface VolumeSelection {
  readonly volumes: readonly string[];
  readonly optedOut: readonly string[];
}

function listAnnotation(pod: SelectablePod, key: string): string[] {
  const value = pod.metadata?.annotations?.[key];
  if (value === undefined || value === "") return [];
  return value.split(",");
}

const neverBackedUp: readonly (keyof PodVolume)[] = [
  "hostPath",
  "secret",
  "configMap",
  "projected",
  "downwardAPI",
];

function isAlwaysSkipped(volume: PodVolume, policy: SelectionPolicy): boolean {
  if (neverBackedUp.some((source) => volume[source] !== undefined)) return true;
  return volume.persistentVolumeClaim !== undefined && policy.excludesClaims;
}

/** Selects the pod's volumes; see the file comment. Order follows the pod (or annotation). */
export function selectPodVolumes(pod: SelectablePod, policy: SelectionPolicy): VolumeSelection {
  if (!policy.defaultVolumesToFsBackup) {
    return { volumes: listAnnotation(pod, BACKUP_VOLUMES_ANNOTATION), optedOut: [] };
  }
  const excluded = new Set(listAnnotation(pod, BACKUP_VOLUMES_EXCLUDES_ANNOTATION));
  const volumes: string[] = [];
  const optedOut: string[] = [];
  for (const volume of pod.spec?.volumes ?? []) {
    if (isAlwaysSkipped(volume, policy)) continue;
    if (excluded.has(volume.name)) {
      optedOut.push(volume.name);
      continue;
    }
    if (volume.name.startsWith("default-token")) continue;
    volumes.push(volume.name);
  }
  return { volumes, optedOut };
}
