import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BackupBuilder, type VolumeSnapshotContent } from "../../lib/api/index.js";
import type {
  BackupStore,
  BackupVolumeInfo,
  KubeObjectJson,
} from "../../lib/backup-store/index.js";
import { silentLogger } from "../../lib/log.js";
import { deleteCsiSnapshots, snapshotsInContents } from "./csi-snapshot-deleter.js";
import { csiCluster, SteppingClock } from "./testing/csi-fixtures.js";

const backup = new BackupBuilder("velero", "b1").build();

function csiInfo(handle: string, vscName: string, moved = false): BackupVolumeInfo {
  return {
    pvcName: "data",
    pvcNamespace: "app",
    backupMethod: "CSISnapshot",
    snapshotDataMoved: moved,
    preserveLocalSnapshot: !moved,
    skipped: false,
    csiSnapshotInfo: {
      snapshotHandle: handle,
      size: 1,
      driver: "local.csi.test",
      vscName,
      ReadyToUse: true,
    },
  };
}

function store(infos: BackupVolumeInfo[], legacy: KubeObjectJson[] = []): BackupStore {
  return {
    getBackupVolumeInfos: () => Promise.resolve(infos),
    getCSIVolumeSnapshotContents: () => Promise.resolve(legacy),
  } as unknown as BackupStore;
}

describe("deleting a backup's CSI snapshots", () => {
  test("a snapshot whose content is gone is deleted through a temporary content with policy Delete", async () => {
    const api = csiCluster();
    const created: VolumeSnapshotContent[] = [];
    const create = api.contents.create.bind(api.contents);
    api.contents.create = (vsc) => {
      created.push(structuredClone(vsc));
      return create(vsc);
    };
    const errors = await deleteCsiSnapshots(
      { api, clock: new SteppingClock(), logger: silentLogger },
      store([csiInfo("snap-1", "snapcontent-1"), csiInfo("moved", "snapcontent-2", true)]),
      backup,
    );
    assert.deepEqual(errors, []);
    assert.equal(created.length, 1, "data-moved snapshots are the data mover's");
    const temp = created[0];
    assert.ok(temp !== undefined);
    assert.match(temp.metadata.name ?? "", /^vsc-[0-9a-f-]{36}$/);
    assert.equal(temp.spec.deletionPolicy, "Delete");
    assert.deepEqual(temp.spec.source, { snapshotHandle: "snap-1" });
    assert.equal(temp.spec.driver, "local.csi.test");
    assert.match(temp.spec.volumeSnapshotRef.namespace ?? "", /^ns-/);
    assert.deepEqual(api.contents.deleted, [`/${temp.metadata.name ?? ""}`]);
    assert.equal((await api.contents.list()).length, 0);
  });

  test("a content still in the cluster is set to Delete and deleted", async () => {
    const api = csiCluster();
    api.contents.put({
      metadata: { name: "snapcontent-1" },
      spec: {
        deletionPolicy: "Retain",
        driver: "local.csi.test",
        source: { volumeHandle: "v" },
        volumeSnapshotRef: {},
      },
    });
    const policies: string[] = [];
    const patch = api.contents.patch.bind(api.contents);
    api.contents.patch = (namespace, name, body) => {
      policies.push(JSON.stringify(body));
      return patch(namespace, name, body);
    };
    const errors = await deleteCsiSnapshots(
      { api, clock: new SteppingClock(), logger: silentLogger },
      store([csiInfo("snap-1", "snapcontent-1")]),
      backup,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(policies, ['{"spec":{"deletionPolicy":"Delete"}}']);
    assert.deepEqual(api.contents.deleted, ["/snapcontent-1"]);
  });

  test("a failure is one message naming the snapshot", async () => {
    const api = csiCluster();
    api.contents.create = () => Promise.reject(new Error("forbidden"));
    const errors = await deleteCsiSnapshots(
      { api, clock: new SteppingClock(), logger: silentLogger },
      store([csiInfo("snap-1", "snapcontent-1")]),
      backup,
    );
    assert.deepEqual(errors, [
      "error deleting CSI snapshot snap-1 (VolumeSnapshotContent snapcontent-1): forbidden",
    ]);
  });

  test("an old backup's content list gives the snapshots the backup itself took", () => {
    const content = (name: string, backupName: string): VolumeSnapshotContent => ({
      metadata: { name, labels: { "velero.io/backup-name": backupName } },
      spec: { deletionPolicy: "Retain", driver: "d", source: {}, volumeSnapshotRef: {} },
      status: { snapshotHandle: `h-${name}` },
    });
    assert.deepEqual(snapshotsInContents([content("a", "b1"), content("b", "b2")], "b1"), [
      { vscName: "a", handle: "h-a", driver: "d" },
    ]);
  });
});
