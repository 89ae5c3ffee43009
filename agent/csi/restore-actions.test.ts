import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import {
  BackupBuilder,
  RestoreBuilder,
  type Backup,
  type RestoreSpec,
} from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { silentLogger } from "../../lib/log.js";
import type { RestoreItemAction, RestoreItemActionOutput } from "../restore-actions/index.js";
import { createPvcRestoreAction, type MovedDataRestorer } from "./pvc-restore-action.js";
import {
  createVolumeSnapshotContentRestoreAction,
  restoredSnapshotName,
  volumeSnapshotClassRestoreAction,
  volumeSnapshotRestoreAction,
} from "./snapshot-restore-actions.js";
import { claim, csiCluster } from "./testing/csi-fixtures.js";

const restoreUid = "3f2a-uid";

function execute(
  action: RestoreItemAction,
  item: KubeObject,
  options: { spec?: Partial<RestoreSpec>; targetNamespace?: string } = {},
): Promise<RestoreItemActionOutput> {
  const restore = new RestoreBuilder("velero", "r1")
    .backup("b1")
    .spec(options.spec ?? {})
    .build();
  restore.metadata.uid = restoreUid;
  return action.execute({
    item: structuredClone(item),
    itemFromBackup: structuredClone(item),
    groupResource: "",
    targetNamespace: options.targetNamespace ?? item.metadata?.namespace ?? "",
    restore,
    log: silentLogger,
  });
}

const backedUpVs: KubeObject = {
  apiVersion: "snapshot.storage.k8s.io/v1",
  kind: "VolumeSnapshot",
  metadata: {
    name: "velero-data-abcde",
    namespace: "app",
    annotations: { "velero.io/csi-vsc-deletion-policy": "Delete" },
  },
  spec: { source: { persistentVolumeClaimName: "data" }, volumeSnapshotClassName: "csi" },
  status: { boundVolumeSnapshotContentName: "snapcontent-1", readyToUse: true },
};

const backedUpContent: KubeObject = {
  apiVersion: "snapshot.storage.k8s.io/v1",
  kind: "VolumeSnapshotContent",
  metadata: { name: "snapcontent-1", labels: { "velero.io/backup-name": "b1" } },
  spec: {
    deletionPolicy: "Delete",
    driver: "local.csi.test",
    source: { volumeHandle: "vol-1" },
    volumeSnapshotClassName: "gone-class",
    volumeSnapshotRef: {
      kind: "VolumeSnapshot",
      namespace: "app",
      name: "velero-data-abcde",
      uid: "u",
      resourceVersion: "9",
    },
  },
  status: { snapshotHandle: "snap-123", readyToUse: true, restoreSize: 1048576 },
};

const newName = restoredSnapshotName(restoreUid, "velero-data-abcde");

describe("CSI snapshot restore actions", () => {
  test("the restored name is Velero's sha256 of the restore UID and the snapshot's name", () => {
    assert.equal(
      newName,
      createHash("sha256").update(`${restoreUid}/velero-data-abcde`).digest("hex"),
    );
  });

  test("a VolumeSnapshot comes back pre-provisioned, named for the restore and bound to its renamed content", async () => {
    const out = await execute(volumeSnapshotRestoreAction, backedUpVs);
    assert.equal(out.item.metadata?.name, newName);
    assert.deepEqual(out.item["spec"], { source: { volumeSnapshotContentName: newName } });
    assert.equal(out.item.metadata.annotations?.["velero.io/csi-vsc-deletion-policy"], "Retain");
    assert.deepEqual(out.additionalItems, [
      { groupResource: "volumesnapshotcontents.snapshot.storage.k8s.io", name: "snapcontent-1" },
    ]);
  });

  test("a VolumeSnapshot without a bound content cannot be restored", async () => {
    const unbound = structuredClone(backedUpVs);
    unbound["status"] = {};
    await assert.rejects(execute(volumeSnapshotRestoreAction, unbound), /doesn't have bound VSC/);
  });

  test("a content comes back pointing at the storage snapshot by handle, Retain, in the mapped namespace", async () => {
    const action = createVolumeSnapshotContentRestoreAction(csiCluster());
    const out = await execute(action, backedUpContent, {
      spec: { namespaceMapping: { app: "app2" } },
    });
    assert.equal(out.item.metadata?.name, newName);
    assert.deepEqual(out.item["spec"], {
      deletionPolicy: "Retain",
      driver: "local.csi.test",
      source: { snapshotHandle: "snap-123" },
      volumeSnapshotRef: { kind: "VolumeSnapshot", namespace: "app2", name: newName },
      volumeSnapshotClassName: "csi",
    });
  });

  test("a content without a snapshot handle cannot be restored", async () => {
    const noHandle = structuredClone(backedUpContent);
    noHandle["status"] = {};
    await assert.rejects(
      execute(createVolumeSnapshotContentRestoreAction(csiCluster()), noHandle),
      /fail to get snapshot handle from VSC snapcontent-1 status/,
    );
  });

  test("restorePVs false skips the snapshot objects", async () => {
    const spec = { restorePVs: false };
    for (const [action, item] of [
      [volumeSnapshotRestoreAction, backedUpVs],
      [createVolumeSnapshotContentRestoreAction(csiCluster()), backedUpContent],
      [volumeSnapshotClassRestoreAction, { metadata: { name: "csi" } }],
    ] as const) {
      assert.equal((await execute(action, item, { spec })).skipRestore, true, action.name);
    }
  });
});

describe("CSI PVC restore action", () => {
  const snapshotted = claim();
  snapshotted.metadata = {
    ...snapshotted.metadata,
    annotations: { "velero.io/volume-snapshot-name": "velero-data-abcde" },
  };

  function action(
    backup: Backup = new BackupBuilder("velero", "b1").build(),
    dataRestorer?: MovedDataRestorer,
  ) {
    const api = csiCluster();
    api.claims.objects.clear();
    return {
      api,
      action: createPvcRestoreAction({
        api,
        getBackup: () => Promise.resolve(backup),
        ...(dataRestorer === undefined ? {} : { dataRestorer }),
      }),
    };
  }

  test("a snapshotted claim is provisioned from the restored VolumeSnapshot and loses its volume name", async () => {
    const out = await execute(action().action, snapshotted);
    const spec = out.item["spec"] as Record<string, unknown>;
    assert.equal(spec["volumeName"], undefined);
    assert.deepEqual(spec["dataSource"], {
      apiGroup: "snapshot.storage.k8s.io",
      kind: "VolumeSnapshot",
      name: newName,
    });
    assert.deepEqual(out.additionalItems, [
      {
        groupResource: "volumesnapshots.snapshot.storage.k8s.io",
        namespace: "app",
        name: "velero-data-abcde",
      },
    ]);
  });

  test("a claim without a snapshot is left alone", async () => {
    const out = await execute(action().action, claim());
    assert.equal((out.item["spec"] as { volumeName?: string }).volumeName, "pv-data");
    assert.equal(out.additionalItems, undefined);
  });

  test("restorePVs false drops the volume name and data sources", async () => {
    const withSource = structuredClone(snapshotted);
    (withSource["spec"] as Record<string, unknown>)["dataSource"] = {
      kind: "VolumeSnapshot",
      name: "x",
    };
    const out = await execute(action().action, withSource, { spec: { restorePVs: false } });
    const spec = out.item["spec"] as Record<string, unknown>;
    assert.equal(spec["volumeName"], undefined);
    assert.equal(spec["dataSource"], undefined);
  });

  test("a claim that already exists in the target namespace is left alone", async () => {
    const { api, action: existing } = action();
    api.claims.put({ metadata: { name: "data", namespace: "app2" } });
    const out = await execute(existing, snapshotted, { targetNamespace: "app2" });
    assert.equal((out.item["spec"] as { dataSource?: unknown }).dataSource, undefined);
  });

  test("a backup that moved its data hands the claim to the data mover", async () => {
    const moved = new BackupBuilder("velero", "b1").build();
    moved.spec.snapshotMoveData = true;
    const calls: string[] = [];
    const { action: moving } = action(moved, {
      restoreMovedData: (request) => {
        calls.push(`${request.targetNamespace}/${request.pvc.metadata?.name ?? ""}`);
        return Promise.resolve({ item: request.pvc });
      },
    });
    await execute(moving, snapshotted);
    assert.deepEqual(calls, ["app/data"]);
  });
});
