import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BackupBuilder, operationId, type DataUpload } from "../../lib/api/index.js";
import type { BackupVolumeInfo } from "../../lib/backup-store/index.js";
import { buildDataUpload } from "./data-upload-object.js";
import { dataUploadResultConfigMap, dataUploadResultOf } from "./data-upload-result.js";
import { dataUploadVolumeInfo } from "./data-upload-volume-infos.js";
import { resultFromVolumeInfo } from "./moved-data-restorer.js";

const backup = new BackupBuilder("velero", "nightly").build();
backup.metadata.uid = "backup-uid";
backup.spec = { storageLocation: "default", csiSnapshotTimeout: "5m0s", snapshotMoveData: true };

const pvc = {
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name: "data", namespace: "shop", uid: "pvc-uid" },
  spec: { storageClassName: "standard" },
};

function completedUpload(): DataUpload {
  const du = buildDataUpload(backup, {
    pvc,
    volumeSnapshot: "velero-data-abcde",
    snapshotClass: "local-csi-snapclass",
    driver: "local.csi.test",
    operationId: operationId("du-", "backup-uid", "pvc-uid"),
  });
  du.metadata.name = "nightly-x7k2p";
  du.status = {
    phase: "Completed",
    snapshotID: "snap-1",
    progress: { totalBytes: 4096, bytesDone: 4096 },
    incrementalBytes: 1024,
    startTimestamp: "2026-03-01T10:00:00Z",
    completionTimestamp: "2026-03-01T10:01:00Z",
  };
  return du;
}

describe("data movement objects", () => {
  it("builds the DataUpload Velero's CSI PVC action creates: owner, labels, CSI snapshot and timeout", () => {
    const du = buildDataUpload(backup, {
      pvc,
      volumeSnapshot: "velero-data-abcde",
      snapshotClass: "local-csi-snapclass",
      driver: "local.csi.test",
      operationId: "du-backup-uid.pvc-uid",
    });
    assert.equal(du.metadata.generateName, "nightly-");
    assert.equal(du.metadata.namespace, "velero");
    assert.deepEqual(du.metadata.ownerReferences, [
      {
        apiVersion: "velero.io/v1",
        kind: "Backup",
        name: "nightly",
        uid: "backup-uid",
        controller: true,
      },
    ]);
    assert.deepEqual(du.metadata.labels, {
      "velero.io/backup-name": "nightly",
      "velero.io/backup-uid": "backup-uid",
      "velero.io/pvc-uid": "pvc-uid",
      "velero.io/async-operation-id": "du-backup-uid.pvc-uid",
    });
    assert.deepEqual(du.spec, {
      snapshotType: "CSI",
      csiSnapshot: {
        volumeSnapshot: "velero-data-abcde",
        storageClass: "standard",
        snapshotClass: "local-csi-snapclass",
        driver: "local.csi.test",
      },
      sourcePVC: "data",
      backupStorageLocation: "default",
      sourceNamespace: "shop",
      operationTimeout: "5m0s",
    });
  });

  it("makes operation ids label-safe as Velero's GetValidName does", () => {
    const id = operationId("du-", "a".repeat(36), "b".repeat(36));
    assert.equal(id.length, 63);
    assert.ok(id.startsWith("du-aaaa"));
    assert.equal(operationId("dd-", "r", "p"), "dd-r.p");
  });

  it("describes a completed DataUpload in the backup's volume info as a moved CSI snapshot", () => {
    const info = dataUploadVolumeInfo(completedUpload(), {
      pvName: "pvc-123",
      pvInfo: { reclaimPolicy: "Delete", labels: null },
    });
    assert.equal(info.backupMethod, "CSISnapshot");
    assert.equal(info.snapshotDataMoved, true);
    assert.equal(info.result, "succeeded");
    assert.equal(info.pvName, "pvc-123");
    assert.equal(info.completionTimestamp, "2026-03-01T10:01:00Z");
    assert.deepEqual(info.csiSnapshotInfo, {
      snapshotHandle: "unknown",
      size: 0,
      driver: "local.csi.test",
      vscName: "unknown",
      operationID: "unknown",
      ReadyToUse: null,
    });
    assert.deepEqual(info.snapshotDataMovementInfo, {
      dataMover: "velero",
      uploaderType: "kopia",
      retainedSnapshot: "velero-data-abcde",
      snapshotHandle: "snap-1",
      operationID: "du-backup-uid.pvc-uid",
      size: 4096,
      incrementalSize: 1024,
      Phase: "Completed",
    });
  });

  it("records a failed DataUpload as a failed volume", () => {
    const du = completedUpload();
    du.status = { ...du.status, phase: "Failed" };
    assert.equal(dataUploadVolumeInfo(du, { pvName: "" }).result, "failed");
  });

  it("keeps a backed-up DataUpload's result in a ConfigMap keyed by the restore UID", () => {
    const du = completedUpload();
    const restore = { metadata: { name: "r1", namespace: "velero", uid: "restore-uid" } };
    const result = dataUploadResultOf(du, "default");
    assert.deepEqual(result, {
      backupStorageLocation: "default",
      snapshotID: "snap-1",
      sourceNamespace: "shop",
      snapshotSize: 4096,
    });
    const cm = dataUploadResultConfigMap(restore as never, du, result);
    assert.deepEqual(cm.metadata?.labels, {
      "velero.io/restore-uid": "restore-uid",
      "velero.io/pvc-namespace-name": "shop.data",
      "velero.io/resource-usage": "DataUpload",
    });
    assert.deepEqual(
      JSON.parse((cm["data"] as Record<string, string>)["restore-uid"] ?? ""),
      result,
    );
  });

  it("finds the moved snapshot of a PVC in the backup's volume info", () => {
    const infos: BackupVolumeInfo[] = [
      dataUploadVolumeInfo(completedUpload(), { pvName: "pvc-123" }),
      {
        pvcName: "other",
        pvcNamespace: "shop",
        snapshotDataMoved: false,
        preserveLocalSnapshot: true,
        skipped: false,
      },
    ];
    assert.deepEqual(resultFromVolumeInfo(infos, { namespace: "shop", name: "data" }, "default"), {
      backupStorageLocation: "default",
      datamover: "velero",
      snapshotID: "snap-1",
      sourceNamespace: "shop",
      snapshotSize: 4096,
    });
    assert.equal(
      resultFromVolumeInfo(infos, { namespace: "shop", name: "other" }, "default"),
      undefined,
    );
  });
});
