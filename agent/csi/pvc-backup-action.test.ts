import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BackupBuilder, type Backup } from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { silentLogger } from "../../lib/log.js";
import type { BackupItemActionOutput } from "../item-actions/index.js";
import { SnapshotNotReadyError, UnsnapshottableClaimError } from "./errors.js";
import { createPvcBackupAction, csiSnapshotTimeoutMs } from "./pvc-backup-action.js";
import type { SnapshotDataMover } from "./pvc-backup-action.js";
import { claim, csiCluster, SteppingClock } from "./testing/csi-fixtures.js";
import type { MemoryCsiApi } from "./testing/memory-csi-api.js";

function backup(configure: (b: BackupBuilder) => BackupBuilder = (b) => b): Backup {
  return configure(new BackupBuilder("velero", "b1")).build();
}

function run(
  api: MemoryCsiApi,
  options: { item?: KubeObject; backup?: Backup; dataMover?: SnapshotDataMover } = {},
): Promise<BackupItemActionOutput> {
  const action = createPvcBackupAction({
    api,
    clock: new SteppingClock(),
    ...(options.dataMover === undefined ? {} : { dataMover: options.dataMover }),
  });
  return action.execute({
    item: options.item ?? claim(),
    groupResource: "persistentvolumeclaims",
    backup: options.backup ?? backup(),
    log: silentLogger,
  });
}

describe("CSI PVC backup action", () => {
  test("snapshots a bound CSI claim and backs its ready VolumeSnapshot up with it", async () => {
    const api = csiCluster();
    const out = await run(api);
    const [vs] = await api.snapshots.list();
    assert.ok(vs !== undefined);
    const vsName = vs.metadata.name ?? "";
    assert.match(vsName, /^velero-data-.+/);
    assert.equal(vs.metadata.namespace, "app");
    assert.deepEqual(vs.metadata.labels, { app: "web", "velero.io/backup-name": "b1" });
    assert.deepEqual(vs.spec, {
      source: { persistentVolumeClaimName: "data" },
      volumeSnapshotClassName: "csi",
    });
    assert.equal(vs.status?.readyToUse, true);
    assert.deepEqual(out.additionalItems, [
      { groupResource: "volumesnapshots.snapshot.storage.k8s.io", namespace: "app", name: vsName },
    ]);
    assert.deepEqual(out.item.metadata?.labels, {
      app: "web",
      "velero.io/volume-snapshot-name": vsName,
      "velero.io/backup-name": "b1",
    });
    assert.deepEqual(out.item.metadata.annotations, {
      "velero.io/volume-snapshot-name": vsName,
      "backup.velero.io/must-include-additional-items": "true",
    });
    const spec = out.item["spec"] as { resources: { requests: { storage: string } } };
    assert.equal(spec.resources.requests.storage, "1Mi", "request raised to the restore size");
  });

  const skips: [string, () => { api: MemoryCsiApi; item?: KubeObject; backup?: Backup }][] = [
    [
      "snapshotVolumes is false",
      () => ({ api: csiCluster(), backup: backup((b) => b.snapshotVolumes(false)) }),
    ],
    ["the claim is not bound", () => ({ api: csiCluster(), item: claim({ volumeName: "" }) })],
    [
      "the volume is not CSI",
      () => {
        const api = csiCluster();
        api.volumes.put({ metadata: { name: "pv-data" }, spec: { hostPath: { path: "/x" } } });
        return { api };
      },
    ],
    [
      "a pod's backup-volumes annotation sends the volume to file-system backup",
      () => {
        const api = csiCluster();
        api.pods.put(pod({ "backup.velero.io/backup-volumes": "vol" }));
        return { api };
      },
    ],
    [
      "defaultVolumesToFsBackup backs the pod's volumes up at file-system level",
      () => {
        const api = csiCluster();
        api.pods.put(pod({}));
        return { api, backup: backup((b) => b.defaultVolumesToFsBackup(true)) };
      },
    ],
  ];
  for (const [why, setup] of skips) {
    test(`takes no snapshot when ${why}`, async () => {
      const { api, ...options } = setup();
      const item = options.item ?? claim();
      const out = await run(api, { ...options, item });
      assert.deepEqual(out.additionalItems, []);
      assert.equal((await api.snapshots.list()).length, 0);
      assert.deepEqual(out.item.metadata?.labels, item.metadata?.labels);
    });
  }

  test("a pod that mounts the claim without selecting it for file-system backup does not stop the snapshot", async () => {
    const api = csiCluster();
    api.pods.put(pod({ "backup.velero.io/backup-volumes": "other" }));
    const out = await run(api);
    assert.equal(out.additionalItems.length, 1);
  });

  test("a claim without a storage class fails with Velero's message", async () => {
    await assert.rejects(
      run(csiCluster(), { item: claim({ storageClassName: undefined }) }),
      (error: unknown) =>
        error instanceof UnsnapshottableClaimError &&
        error.message === "Cannot snapshot PVC app/data, PVC has no storage class.",
    );
  });

  test("a snapshot that never becomes ready fails the PVC after csiSnapshotTimeout and is removed", async () => {
    const api = csiCluster();
    api.behaviour = "never";
    const slow = backup();
    slow.spec.csiSnapshotTimeout = "30s";
    await assert.rejects(
      run(api, { backup: slow }),
      (error: unknown) =>
        error instanceof SnapshotNotReadyError &&
        /^CSI snapshot of PVC app\/data failed: VolumeSnapshot app\/velero-data-\S+ was not ready to use within 30s$/.test(
          error.message,
        ),
    );
    assert.equal((await api.snapshots.list()).length, 0);
    assert.equal(api.snapshots.deleted.length, 1);
  });

  test("the controller's errors are named when the snapshot fails", async () => {
    const api = csiCluster();
    api.behaviour = { error: "driver local.csi.test is not running" };
    await assert.rejects(run(api), /errors: \[driver local.csi.test is not running\]/);
  });

  test("with snapshotMoveData the ready snapshot goes to the data mover, whose output the action returns", async () => {
    const api = csiCluster();
    const seen: string[] = [];
    const dataMover: SnapshotDataMover = {
      moveSnapshotData: (request) => {
        seen.push(
          `${request.snapshot.handle}|${request.snapshot.driver}|${String(request.snapshot.sizeBytes)}`,
        );
        return Promise.resolve({ item: request.pvc, additionalItems: [] });
      },
    };
    const moving = backup();
    moving.spec.snapshotMoveData = true;
    const out = await run(api, { backup: moving, dataMover });
    assert.equal(seen.length, 1);
    assert.match(seen[0] ?? "", /^snapshot-.+\|local.csi.test\|1048576$/);
    assert.deepEqual(out.additionalItems, []);
  });

  test("with snapshotMoveData and no data mover the PVC fails before any snapshot is taken", async () => {
    const api = csiCluster();
    const moving = backup();
    moving.spec.snapshotMoveData = true;
    await assert.rejects(run(api, { backup: moving }), /no data mover/);
    assert.equal((await api.snapshots.list()).length, 0);
  });

  test("csiSnapshotTimeout defaults to 10 minutes", () => {
    assert.equal(csiSnapshotTimeoutMs(backup()), 600_000);
    const set = backup();
    set.spec.csiSnapshotTimeout = "1m30s";
    assert.equal(csiSnapshotTimeoutMs(set), 90_000);
  });
});

function pod(annotations: Record<string, string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "app", annotations },
    spec: {
      volumes: [
        { name: "vol", persistentVolumeClaim: { claimName: "data" } },
        { name: "other", emptyDir: {} },
      ],
    },
  };
}
