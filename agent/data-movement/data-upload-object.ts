// The DataUpload the agent creates for one PVC's ready CSI snapshot, with the owner, labels and
// spec Velero's CSI PVC backup action gives it.
import {
  ASYNC_OPERATION_ID_LABEL,
  BACKUP_NAME_LABEL,
  BACKUP_UID_LABEL,
  getValidLabelValue,
  PVC_UID_LABEL,
  type Backup,
  type DataUpload,
} from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { identityOf } from "./object-identity.js";

/** What {@link buildDataUpload} needs beyond the backup. */
export interface DataUploadSource {
  readonly pvc: KubeObject;
  readonly volumeSnapshot: string;
  readonly snapshotClass: string | undefined;
  readonly driver: string;
  readonly operationId: string;
}

function storageClassOf(pvc: KubeObject): string {
  const spec = pvc["spec"] as { storageClassName?: unknown } | undefined;
  return typeof spec?.storageClassName === "string" ? spec.storageClassName : "";
}

/** The DataUpload (generateName `<backup>-`, in the backup's namespace). */
export function buildDataUpload(backup: Backup, source: DataUploadSource): DataUpload {
  const { name, uid } = identityOf(backup);
  const claim = identityOf(source.pvc);
  return {
    apiVersion: "velero.io/v2alpha1",
    kind: "DataUpload",
    metadata: {
      generateName: `${name}-`,
      namespace: backup.metadata.namespace ?? "",
      ownerReferences: [
        { apiVersion: "velero.io/v1", kind: "Backup", name, uid, controller: true },
      ],
      labels: {
        [BACKUP_NAME_LABEL]: getValidLabelValue(name),
        [BACKUP_UID_LABEL]: uid,
        [PVC_UID_LABEL]: claim.uid,
        [ASYNC_OPERATION_ID_LABEL]: source.operationId,
      },
    },
    spec: dataUploadSpec(backup, source, claim),
  };
}

function dataUploadSpec(
  backup: Backup,
  source: DataUploadSource,
  claim: { name: string; namespace: string },
): DataUpload["spec"] {
  const snapshotClass = source.snapshotClass ?? "";
  return {
    snapshotType: "CSI",
    csiSnapshot: {
      volumeSnapshot: source.volumeSnapshot,
      storageClass: storageClassOf(source.pvc),
      ...(snapshotClass === "" ? {} : { snapshotClass }),
      driver: source.driver,
    },
    sourcePVC: claim.name,
    ...(backup.spec.datamover === undefined ? {} : { datamover: backup.spec.datamover }),
    backupStorageLocation: backup.spec.storageLocation ?? "",
    sourceNamespace: claim.namespace,
    operationTimeout: backup.spec.csiSnapshotTimeout ?? "10m0s",
    ...parallelFiles(backup),
  };
}

function parallelFiles(backup: Backup): { dataMoverConfig?: Record<string, string> } {
  const n = backup.spec.uploaderConfig?.parallelFilesUpload ?? 0;
  return n > 0 ? { dataMoverConfig: { ParallelFilesUpload: String(n) } } : {};
}
