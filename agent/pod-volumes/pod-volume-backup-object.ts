// The PodVolumeBackup a backup creates for one pod volume, and the volume info entry
// (`<b>-volumeinfo.json.gz`) each finished one becomes, in Velero's shapes.
import {
  BACKUP_NAME_LABEL,
  BACKUP_UID_LABEL,
  getValidLabelValue,
  PVC_NAME_ANNOTATION,
  PVC_UID_LABEL,
  type Backup,
  type PodVolumeBackup,
  type PodVolumeBackupStatus,
} from "../../lib/api/index.js";
import type { BackupVolumeInfo, PodVolumeInfo } from "../../lib/backup-store/index.js";
import type { PodVolume } from "./volume-selection.js";

/** The pod fields the backup side reads. */
export interface BackedUpPod {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec?: {
    readonly nodeName?: string;
    readonly volumes?: readonly PodVolume[];
    readonly containers?: readonly {
      readonly volumeMounts?: readonly { readonly name: string }[];
      readonly volumeDevices?: readonly { readonly name: string }[];
    }[];
  };
  readonly status?: { readonly phase?: string };
}

/** The claim and volume behind a pod volume, as far as they are known. */
export interface ClaimDetails {
  readonly name: string;
  readonly uid: string;
  readonly pvName?: string;
  readonly reclaimPolicy?: string;
  readonly pvLabels?: Readonly<Record<string, string>>;
}

interface PodIdentity {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
}

function identityOf(pod: BackedUpPod): PodIdentity {
  const metadata = pod.metadata ?? {};
  return {
    name: metadata.name ?? "",
    namespace: metadata.namespace ?? "",
    uid: metadata.uid ?? "",
  };
}

function tagsOf(backup: Backup, pod: PodIdentity, volume: string, claim?: ClaimDetails) {
  return {
    backup: backup.metadata.name ?? "",
    "backup-uid": backup.metadata.uid ?? "",
    pod: pod.name,
    "pod-uid": pod.uid,
    ns: pod.namespace,
    volume,
    ...(claim === undefined ? {} : { "pvc-uid": claim.uid }),
  };
}

function labelsOf(backup: Backup, claim?: ClaimDetails): Record<string, string> {
  return {
    [BACKUP_NAME_LABEL]: getValidLabelValue(backup.metadata.name ?? ""),
    [BACKUP_UID_LABEL]: backup.metadata.uid ?? "",
    ...(claim === undefined ? {} : { [PVC_UID_LABEL]: claim.uid }),
  };
}

function uploaderSettingsOf(backup: Backup): { uploaderSettings?: Record<string, string> } {
  const config = backup.spec.uploaderConfig;
  if (config === undefined) return {};
  return { uploaderSettings: { ParallelFilesUpload: String(config.parallelFilesUpload ?? 0) } };
}

/** Velero's newPodVolumeBackup: owner, labels, tags, and the PVC bookkeeping. */
export function newPodVolumeBackup(
  backup: Backup,
  pod: BackedUpPod,
  volume: string,
  claim?: ClaimDetails,
): PodVolumeBackup {
  const name = backup.metadata.name ?? "";
  const uid = backup.metadata.uid ?? "";
  const identity = identityOf(pod);
  return {
    apiVersion: "velero.io/v1",
    kind: "PodVolumeBackup",
    metadata: {
      namespace: backup.metadata.namespace ?? "",
      generateName: `${name}-`,
      ownerReferences: [
        { apiVersion: "velero.io/v1", kind: "Backup", name, uid, controller: true },
      ],
      labels: labelsOf(backup, claim),
      ...(claim === undefined ? {} : { annotations: { [PVC_NAME_ANNOTATION]: claim.name } }),
    },
    spec: {
      node: pod.spec?.nodeName ?? "",
      pod: { kind: "Pod", namespace: identity.namespace, name: identity.name, uid: identity.uid },
      volume,
      backupStorageLocation: backup.spec.storageLocation ?? "",
      repoIdentifier: "",
      uploaderType: "kopia",
      tags: tagsOf(backup, identity, volume, claim),
      ...uploaderSettingsOf(backup),
    },
  };
}

function timestampsOf(status: PodVolumeBackupStatus): {
  startTimestamp?: string;
  completionTimestamp?: string;
} {
  return {
    ...(status.startTimestamp === undefined ? {} : { startTimestamp: status.startTimestamp }),
    ...(status.completionTimestamp === undefined
      ? {}
      : { completionTimestamp: status.completionTimestamp }),
  };
}

function pvbInfoOf(pvb: PodVolumeBackup, status: PodVolumeBackupStatus): PodVolumeInfo {
  return {
    snapshotHandle: status.snapshotID ?? "",
    size: status.progress?.totalBytes ?? 0,
    incrementalSize: status.incrementalBytes ?? 0,
    uploaderType: pvb.spec.uploaderType ?? "kopia",
    volumeName: pvb.spec.volume,
    podName: pvb.spec.pod.name ?? "",
    podNamespace: pvb.spec.pod.namespace ?? "",
    nodeName: pvb.spec.node,
    Phase: status.phase ?? "",
  };
}

function claimInfoOf(pvb: PodVolumeBackup, claim: ClaimDetails): Partial<BackupVolumeInfo> {
  return {
    pvcName: claim.name,
    pvcNamespace: pvb.spec.pod.namespace ?? "",
    ...(claim.pvName === undefined ? {} : { pvName: claim.pvName }),
  };
}

function pvInfoOf(claim: ClaimDetails | undefined): Partial<BackupVolumeInfo> {
  if (claim?.reclaimPolicy === undefined) return {};
  return { pvInfo: { reclaimPolicy: claim.reclaimPolicy, labels: claim.pvLabels ?? null } };
}

/** The `-volumeinfo.json.gz` entry of a PodVolumeBackup (Velero's generateVolumeInfoFromPVB). */
export function volumeInfoOf(pvb: PodVolumeBackup, claim?: ClaimDetails): BackupVolumeInfo {
  const status = pvb.status ?? {};
  return {
    ...(claim === undefined ? {} : claimInfoOf(pvb, claim)),
    backupMethod: "PodVolumeBackup",
    snapshotDataMoved: false,
    preserveLocalSnapshot: false,
    skipped: false,
    ...timestampsOf(status),
    result: status.phase === "Completed" ? "succeeded" : "failed",
    pvbInfo: pvbInfoOf(pvb, status),
    ...pvInfoOf(claim),
  };
}
