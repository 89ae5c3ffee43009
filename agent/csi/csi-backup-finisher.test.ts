import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BackupBuilder, type Backup } from "../../lib/api/index.js";
import { silentLogger } from "../../lib/log.js";
import { finishCsiSnapshots } from "./csi-backup-finisher.js";
import { createPvcBackupAction } from "./pvc-backup-action.js";
import {
  createVolumeSnapshotBackupAction,
  volumeSnapshotClassBackupAction,
  volumeSnapshotContentBackupAction,
} from "./snapshot-backup-actions.js";
import { claim, csiCluster, SteppingClock } from "./testing/csi-fixtures.js";
import type { MemoryCsiApi } from "./testing/memory-csi-api.js";

const backup: Backup = new BackupBuilder("velero", "b1").build();

/** Runs the PVC action and then the snapshot action on the VolumeSnapshot it names. */
async function snapshotThroughActions(api: MemoryCsiApi) {
  const clock = new SteppingClock();
  const log = silentLogger;
  const pvcOut = await createPvcBackupAction({ api, clock }).execute({
    item: claim(),
    groupResource: "persistentvolumeclaims",
    backup,
    log,
  });
  const vsRef = pvcOut.additionalItems[0];
  assert.ok(vsRef !== undefined);
  const vs = await api.snapshots.get(vsRef.namespace ?? "", vsRef.name);
  assert.ok(vs !== undefined);
  const vsOut = await createVolumeSnapshotBackupAction(api).execute({
    item: vs as never,
    groupResource: "volumesnapshots.snapshot.storage.k8s.io",
    backup,
    log,
  });
  return { vs, vsOut };
}

describe("CSI snapshot object actions", () => {
  test("the VolumeSnapshot is annotated with its content's handle, driver, size and policy and pulls in its class and content", async () => {
    const api = csiCluster();
    const { vs, vsOut } = await snapshotThroughActions(api);
    const contentName = vs.status?.boundVolumeSnapshotContentName ?? "";
    const content = await api.contents.get("", contentName);
    assert.ok(content !== undefined);
    const expected = {
      "velero.io/csi-vsc-deletion-policy": "Delete",
      "velero.io/csi-volumesnapshot-handle": content.status?.snapshotHandle ?? "",
      "velero.io/csi-driver-name": "local.csi.test",
      "velero.io/csi-volumesnapshot-restore-size": "1Mi",
    };
    assert.deepEqual(vsOut.item.metadata?.annotations, {
      ...expected,
      "backup.velero.io/must-include-additional-items": "true",
    });
    assert.deepEqual(vsOut.additionalItems, [
      { groupResource: "volumesnapshotclasses.snapshot.storage.k8s.io", name: "csi" },
      { groupResource: "volumesnapshotcontents.snapshot.storage.k8s.io", name: contentName },
    ]);
    const inCluster = await api.snapshots.get("app", vs.metadata.name ?? "");
    assert.deepEqual(inCluster?.metadata.annotations, expected);
    assert.equal(content.metadata.labels?.["velero.io/backup-name"], "b1");
  });

  test("a VolumeSnapshot without a bound content fails and is removed", async () => {
    const api = csiCluster();
    api.snapshots.put({
      metadata: { name: "orphan", namespace: "app" },
      spec: { source: { persistentVolumeClaimName: "data" } },
    });
    await assert.rejects(
      createVolumeSnapshotBackupAction(api).execute({
        item: { metadata: { name: "orphan", namespace: "app" }, spec: { source: {} } },
        groupResource: "volumesnapshots.snapshot.storage.k8s.io",
        backup,
        log: silentLogger,
      }),
      /error getting volume snapshot content of volume snapshot app\/orphan/,
    );
    assert.equal(await api.snapshots.get("app", "orphan"), undefined);
  });

  test("contents and classes bring the secrets their annotations name", async () => {
    const content = {
      metadata: {
        name: "c",
        annotations: {
          "csi.storage.k8s.io/snapshotter-secret-name": "s",
          "csi.storage.k8s.io/snapshotter-secret-namespace": "ns",
        },
      },
    };
    const out = await volumeSnapshotContentBackupAction.execute({
      item: content,
      groupResource: "volumesnapshotcontents.snapshot.storage.k8s.io",
      backup,
      log: silentLogger,
    });
    assert.deepEqual(out.additionalItems, [
      { groupResource: "secrets", namespace: "ns", name: "s" },
    ]);
    assert.equal(
      out.item.metadata?.annotations?.["backup.velero.io/must-include-additional-items"],
      "true",
    );
    const plainClass = await volumeSnapshotClassBackupAction.execute({
      item: { metadata: { name: "csi" } },
      groupResource: "volumesnapshotclasses.snapshot.storage.k8s.io",
      backup,
      log: silentLogger,
    });
    assert.deepEqual(plainClass.additionalItems, []);
  });
});

describe("finishing a backup's CSI snapshots", () => {
  test("counts and describes the backup's snapshots, then removes their objects with the content retained", async () => {
    const api = csiCluster();
    const { vs } = await snapshotThroughActions(api);
    const contentName = vs.status?.boundVolumeSnapshotContentName ?? "";
    const handle = (await api.contents.get("", contentName))?.status?.snapshotHandle ?? "";
    api.snapshots.put({
      metadata: {
        name: "someone-elses",
        namespace: "app",
        labels: { "velero.io/backup-name": "b2" },
      },
      spec: { source: { persistentVolumeClaimName: "data" } },
    });
    const retained: string[] = [];
    const patch = api.contents.patch.bind(api.contents);
    api.contents.patch = (namespace, name, body) => {
      retained.push(`${name}:${JSON.stringify(body)}`);
      return patch(namespace, name, body);
    };
    const clock = new SteppingClock();
    const summary = await finishCsiSnapshots({ api, clock, log: silentLogger }, backup);
    assert.equal(summary.attempted, 1);
    assert.equal(summary.completed, 1);
    assert.deepEqual(summary.volumeInfos, [
      {
        pvcName: "data",
        pvcNamespace: "app",
        pvName: "pv-data",
        backupMethod: "CSISnapshot",
        snapshotDataMoved: false,
        preserveLocalSnapshot: true,
        skipped: false,
        startTimestamp: "2026-01-01T00:00:00Z",
        completionTimestamp: "2026-01-01T00:00:00Z",
        result: "succeeded",
        csiSnapshotInfo: {
          snapshotHandle: handle,
          size: 1048576,
          driver: "local.csi.test",
          vscName: contentName,
          ReadyToUse: true,
        },
        pvInfo: { reclaimPolicy: "Delete", labels: { zone: "a" } },
      },
    ]);
    assert.deepEqual(retained, [`${contentName}:{"spec":{"deletionPolicy":"Retain"}}`]);
    assert.equal(await api.contents.get("", contentName), undefined);
    assert.equal(await api.snapshots.get("app", vs.metadata.name ?? ""), undefined);
    assert.ok(await api.snapshots.get("app", "someone-elses"), "another backup's snapshot stays");
  });

  test("a backup that moves snapshot data leaves its snapshots to the data mover", async () => {
    const api = csiCluster();
    await snapshotThroughActions(api);
    const moving = new BackupBuilder("velero", "b1").build();
    moving.spec.snapshotMoveData = true;
    const summary = await finishCsiSnapshots(
      { api, clock: new SteppingClock(), log: silentLogger },
      moving,
    );
    assert.deepEqual(summary, { volumeInfos: [], attempted: 0, completed: 0 });
    assert.equal((await api.snapshots.list()).length, 1);
  });
});
