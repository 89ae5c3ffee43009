// The restore side of `--snapshot-move-data`: for a PVC whose data a DataUpload moved, creates
// the DataDownload (from the restore's DataUploadResult) that a node-agent fills the restored
// claim's volume from. The moved snapshot is found as Velero finds it (the DataUploadResult
// ConfigMap made from a backed-up DataUpload) or, for backups made here (whose tarball holds no
// DataUpload), in the backup's volume info. The claim itself is restored to be provisioned normally (no volume
// name, no data source); see node-agent/data-movement/restore-exposer.ts for why it is not
// held back with Velero's `velero.io/dynamic-pv-restore` selector.
import {
  ASYNC_OPERATION_ID_LABEL,
  DATA_UPLOAD_NAME_ANNOTATION,
  getValidLabelValue,
  operationId,
  RESTORE_NAME_LABEL,
  RESTORE_UID_LABEL,
  type Backup,
  type DataDownload,
  type Restore,
} from "../../lib/api/index.js";
import type { BackupVolumeInfo } from "../../lib/backup-store/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { MovedDataRestorer, MovedDataRestoreRequest } from "../csi/index.js";
import type { RestoreItemActionOutput } from "../restore-actions/index.js";
import { identityOf } from "./object-identity.js";
import { dataUploadResultSelector, type DataUploadResult } from "./data-upload-result.js";

/** What the restorer needs. */
export interface MovedDataRestorerDeps {
  /** ConfigMaps in the restore's namespace matching a label selector. */
  readonly listConfigMaps: (namespace: string, labelSelector: string) => Promise<KubeObject[]>;
  readonly createDataDownload: (dd: DataDownload) => Promise<DataDownload>;
  /** The backup's `<b>-volumeinfo.json.gz` entries. */
  readonly volumeInfos: (backup: Backup) => Promise<readonly BackupVolumeInfo[]>;
}

/** The result recorded in the backup's volume info for PVC `namespace/name`, if any. */
export function resultFromVolumeInfo(
  infos: readonly BackupVolumeInfo[],
  claim: { readonly namespace: string; readonly name: string },
  location: string,
): DataUploadResult | undefined {
  const info = infos.find(
    (i) => i.snapshotDataMoved && i.pvcNamespace === claim.namespace && i.pvcName === claim.name,
  );
  const moved = info?.snapshotDataMovementInfo;
  if (moved === undefined) return undefined;
  return {
    backupStorageLocation: location,
    datamover: moved.dataMover,
    snapshotID: moved.snapshotHandle,
    sourceNamespace: claim.namespace,
    snapshotSize: moved.size,
  };
}

/** The DataDownload for one PVC (generateName `<restore>-`, in the restore's namespace). */
export function buildDataDownload(
  target: {
    readonly restore: Restore;
    readonly backup: Backup;
    readonly pvcName: string;
    readonly namespace: string;
  },
  result: DataUploadResult,
  opId: string,
): DataDownload {
  const { restore, backup } = target;
  const name = restore.metadata.name ?? "";
  const uid = restore.metadata.uid ?? "";
  return {
    apiVersion: "velero.io/v2alpha1",
    kind: "DataDownload",
    metadata: {
      generateName: `${name}-`,
      namespace: restore.metadata.namespace ?? "",
      ownerReferences: [
        { apiVersion: "velero.io/v1", kind: "Restore", name, uid, controller: true },
      ],
      labels: {
        [RESTORE_NAME_LABEL]: getValidLabelValue(name),
        [RESTORE_UID_LABEL]: uid,
        [ASYNC_OPERATION_ID_LABEL]: opId,
      },
    },
    spec: {
      targetVolume: { pvc: target.pvcName, pv: "", namespace: target.namespace },
      backupStorageLocation: result.backupStorageLocation,
      ...(result.datamover === undefined ? {} : { datamover: result.datamover }),
      snapshotID: result.snapshotID ?? "",
      ...(result.snapshotSize === undefined ? {} : { snapshotSize: result.snapshotSize }),
      sourceNamespace: result.sourceNamespace,
      operationTimeout: backup.spec.csiSnapshotTimeout ?? "10m0s",
      ...(result.nodeOS === undefined ? {} : { nodeOS: result.nodeOS }),
    },
  };
}

async function findResult(
  deps: MovedDataRestorerDeps,
  request: MovedDataRestoreRequest,
): Promise<DataUploadResult> {
  const restore = identityOf(request.restore);
  const claim = identityOf(request.pvcFromBackup);
  const selector = dataUploadResultSelector(restore.uid, claim.namespace, claim.name);
  const found = await deps.listConfigMaps(restore.namespace, selector);
  if (found.length === 0) {
    const infos = await deps.volumeInfos(request.backup);
    const location = request.backup.spec.storageLocation ?? "";
    const fromInfo = resultFromVolumeInfo(infos, claim, location);
    if (fromInfo !== undefined) return fromInfo;
  }
  if (found.length !== 1) {
    throw new Error(
      `expected one DataUpload result with labels ${selector} or a moved volume in the backup's volume info, found ${String(found.length)}`,
    );
  }
  const json = (found[0]?.["data"] as Record<string, string> | undefined)?.[restore.uid];
  if (json === undefined) {
    throw new Error(
      `no DataUpload result found with restore key ${restore.uid}, restore ${restore.name}`,
    );
  }
  return JSON.parse(json) as DataUploadResult;
}

function dropVolumeSource(pvc: KubeObject): void {
  const spec = (pvc["spec"] ??= {}) as Record<string, unknown>;
  delete spec["volumeName"];
  delete spec["dataSource"];
  delete spec["dataSourceRef"];
}

async function restoreMovedData(
  deps: MovedDataRestorerDeps,
  request: MovedDataRestoreRequest,
): Promise<RestoreItemActionOutput> {
  const { pvc, pvcFromBackup, log } = request;
  if (pvcFromBackup.metadata?.annotations?.[DATA_UPLOAD_NAME_ANNOTATION] === undefined) {
    log.warn("PVC doesn't have a DataUpload for data mover. Return.");
    return { item: pvc };
  }
  log.info("Start DataMover restore.");
  const result = await findResult(deps, request);
  const opId = operationId("dd-", identityOf(request.restore).uid, identityOf(pvcFromBackup).uid);
  const target = {
    restore: request.restore,
    backup: request.backup,
    pvcName: identityOf(pvc).name,
    namespace: request.targetNamespace,
  };
  const dd = identityOf(await deps.createDataDownload(buildDataDownload(target, result, opId)));
  log.info(`DataDownload ${dd.namespace}/${dd.name} is created successfully.`);
  dropVolumeSource(pvc);
  return { item: pvc };
}

/** Creates the restorer; see the file comment. */
export function createMovedDataRestorer(deps: MovedDataRestorerDeps): MovedDataRestorer {
  return { restoreMovedData: (request) => restoreMovedData(deps, request) };
}
