// The DataUploadResult a restore keeps for each backed-up DataUpload (Velero's
// datauploads.velero.io restore action): a ConfigMap in the Velero namespace, labelled with
// the restore UID, the PVC's `<namespace>.<name>` and the resource usage `DataUpload`, holding
// the JSON result under the restore UID. The DataUpload itself is not restored.
import {
  DATA_UPLOAD_RESULT_USAGE,
  DATA_UPLOADS_RESOURCE,
  getValidLabelValue,
  PVC_NAMESPACE_NAME_LABEL,
  RESOURCE_USAGE_LABEL,
  RESTORE_UID_LABEL,
  type DataUpload,
  type NodeOS,
  type Restore,
} from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { RestoreItemAction } from "../restore-actions/index.js";

/** Velero's DataUploadResult, with its JSON field names. */
export interface DataUploadResult {
  readonly backupStorageLocation: string;
  readonly datamover?: string;
  readonly snapshotID?: string;
  readonly sourceNamespace: string;
  readonly dataMoverResult?: Record<string, string>;
  readonly nodeOS?: NodeOS;
  readonly snapshotSize?: number;
}

/** The label selector of the result of PVC `namespace/name` in `restoreUid`. */
export function dataUploadResultSelector(
  restoreUid: string,
  namespace: string,
  name: string,
): string {
  return [
    `${PVC_NAMESPACE_NAME_LABEL}=${getValidLabelValue(`${namespace}.${name}`)}`,
    `${RESTORE_UID_LABEL}=${getValidLabelValue(restoreUid)}`,
    `${RESOURCE_USAGE_LABEL}=${DATA_UPLOAD_RESULT_USAGE}`,
  ].join(",");
}

/** The result Velero derives from a backed-up DataUpload and the backup's location. */
export function dataUploadResultOf(du: DataUpload, location: string): DataUploadResult {
  const status = du.status ?? {};
  return {
    backupStorageLocation: location,
    ...(du.spec.datamover === undefined || du.spec.datamover === ""
      ? {}
      : { datamover: du.spec.datamover }),
    ...(status.snapshotID === undefined || status.snapshotID === ""
      ? {}
      : { snapshotID: status.snapshotID }),
    sourceNamespace: du.spec.sourceNamespace,
    ...(status.dataMoverResult == null ? {} : { dataMoverResult: status.dataMoverResult }),
    ...(status.nodeOS === undefined ? {} : { nodeOS: status.nodeOS }),
    ...(status.progress?.totalBytes === undefined
      ? {}
      : { snapshotSize: status.progress.totalBytes }),
  };
}

/** The ConfigMap holding `result` for `restore`. */
export function dataUploadResultConfigMap(
  restore: Restore,
  du: DataUpload,
  result: DataUploadResult,
): KubeObject {
  const uid = restore.metadata.uid ?? "";
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      generateName: `${du.metadata.name ?? ""}-`,
      namespace: restore.metadata.namespace ?? "",
      labels: {
        [RESTORE_UID_LABEL]: getValidLabelValue(uid),
        [PVC_NAMESPACE_NAME_LABEL]: getValidLabelValue(
          `${du.spec.sourceNamespace}.${du.spec.sourcePVC}`,
        ),
        [RESOURCE_USAGE_LABEL]: DATA_UPLOAD_RESULT_USAGE,
      },
    },
    data: { [uid]: JSON.stringify(result) },
  };
}

/** What the action needs. */
export interface DataUploadRetrieveDeps {
  readonly createConfigMap: (configMap: KubeObject) => Promise<unknown>;
  readonly getBackupLocation: (restore: Restore) => Promise<string>;
}

/** Velero's `velero.io/dataupload-retrieve` restore item action (see the file comment). */
export function createDataUploadRetrieveAction(deps: DataUploadRetrieveDeps): RestoreItemAction {
  return {
    name: "velero.io/dataupload-retrieve",
    appliesTo: () => ({ includedResources: [DATA_UPLOADS_RESOURCE] }),
    execute: async (input) => {
      input.log.info("Executing DataUploadRetrieveAction");
      const du = input.itemFromBackup as unknown as DataUpload;
      const location = await deps.getBackupLocation(input.restore);
      const result = dataUploadResultOf(du, location);
      await deps.createConfigMap(dataUploadResultConfigMap(input.restore, du, result));
      return { item: input.item, skipRestore: true };
    },
  };
}
