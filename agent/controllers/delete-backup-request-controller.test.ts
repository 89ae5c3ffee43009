import assert from "node:assert/strict";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  BACKUP_NAME_LABEL,
  BackupBuilder,
  DataUploadBuilder,
  DeleteBackupRequestBuilder,
  encodeBackupForStore,
  PodVolumeBackupBuilder,
  RestoreBuilder,
  STORAGE_LOCATION_LABEL,
  type BackupPhase,
  type DeleteBackupRequest,
} from "../../lib/api/index.js";
import { FakeClock } from "../../lib/clock.js";
import { startTestCluster } from "../../test/helpers/local-cluster.js";
import { createAgentHarness } from "../backup/testing/agent-harness.js";
import type { PodVolumeSnapshotDeleter, PodVolumeSnapshotDeletion } from "../deletion/index.js";
import {
  createDeleteBackupRequestController,
  deletionDeps,
  reconcileDeleteBackupRequest,
} from "./delete-backup-request-controller.js";

const cluster = await startTestCluster();
const clock = new FakeClock(new Date());
const harness = await createAgentHarness({ kubeconfigPath: cluster.kubeconfigPath, clock });
after(() => rm(harness.storageRoot, { recursive: true, force: true }));
const { ctx } = harness;
const { backups, deleteBackupRequests: dbrs, restores, podVolumeBackups } = ctx.velero;
const signal = new AbortController().signal;

await harness.createLocation("primary");
await harness.createLocation("archive", { accessMode: "ReadOnly" });
await harness.createLocation("down", { phase: "Unavailable" });

/** A backup in the cluster and in its location's bucket (written past the ReadOnly guard). */
async function makeBackup(name: string, location = "primary", phase: BackupPhase = "Completed") {
  const backup = new BackupBuilder("velero", name)
    .storageLocation(location)
    .labels({ [STORAGE_LOCATION_LABEL]: location })
    .phase(phase)
    .build();
  const opened = await ctx.locations.open(location);
  const writable = await ctx.locations.open({
    ...opened.location,
    spec: { ...opened.location.spec, accessMode: "ReadWrite" },
  });
  await writable.store.putBackup({
    name,
    metadataJson: encodeBackupForStore(backup),
    contents: Buffer.from("tarball"),
    log: "log\n",
  });
  await backups.create(backup);
  return backups.patchStatus(name, { phase });
}

async function request(name: string, backupName: string): Promise<DeleteBackupRequest> {
  return dbrs.create(new DeleteBackupRequestBuilder("velero", name, backupName).build());
}

async function bucketFiles(location: string, backupName: string): Promise<string[]> {
  try {
    return await readdir(join(harness.storageRoot, location, "backups", backupName));
  } catch {
    return [];
  }
}

async function exists(get: () => Promise<unknown>): Promise<boolean> {
  return get().then(
    () => true,
    () => false,
  );
}

function recordingDeleter(errors: string[] = []) {
  const calls: PodVolumeSnapshotDeletion[] = [];
  const deleter: PodVolumeSnapshotDeleter = {
    deleteSnapshots: (deletion) => {
      calls.push(deletion);
      return Promise.resolve(errors);
    },
  };
  return { calls, deleter };
}

describe("delete backup request controller", () => {
  it("deletes the bucket copy, pod volume snapshots, restores and the Backup, then the requests", async () => {
    await makeBackup("doomed");
    await podVolumeBackups.create(
      new PodVolumeBackupBuilder("velero", "doomed-pvb")
        .labels({ [BACKUP_NAME_LABEL]: "doomed" })
        .status({ phase: "Completed", snapshotID: "s1" })
        .build(),
    );
    await restores.create(new RestoreBuilder("velero", "from-doomed").backup("doomed").build());
    await restores.create(new RestoreBuilder("velero", "from-other").backup("other").build());
    await request("doomed-1", "doomed");
    const snapshots = recordingDeleter();
    assert.ok((await bucketFiles("primary", "doomed")).length > 0);
    const deps = { ...deletionDeps(ctx, { snapshots: snapshots.deleter }) };
    await reconcileDeleteBackupRequest(deps, "doomed-1", signal);
    assert.deepEqual(await bucketFiles("primary", "doomed"), []);
    assert.equal(await exists(() => backups.get("doomed")), false);
    assert.equal(await exists(() => restores.get("from-doomed")), false);
    assert.equal(await exists(() => restores.get("from-other")), true);
    assert.equal(await exists(() => dbrs.get("doomed-1")), false);
    assert.deepEqual(
      snapshots.calls.map((c) => c.snapshots.map((s) => s.snapshotID)),
      [["s1"]],
    );
    const success = await ctx.metrics.backupDeletionSuccess.get();
    assert.equal(success.values.find((v) => v.labels.schedule === "")?.value, 1);
  });

  const refusals: { name: string; phase?: BackupPhase; location?: string; error: string }[] = [
    { name: "running", phase: "InProgress", error: "backup is still in progress" },
    {
      name: "readonly",
      location: "archive",
      error:
        "cannot delete backup because backup storage location archive is currently in read-only mode",
    },
    {
      name: "unavailable",
      location: "down",
      error:
        "cannot delete backup because backup storage location down is currently in Unavailable state",
    },
  ];
  for (const refusal of refusals) {
    it(`refuses to delete a ${refusal.name} backup and says why, touching nothing`, async () => {
      await makeBackup(refusal.name, refusal.location, refusal.phase);
      const before = await bucketFiles(refusal.location ?? "primary", refusal.name);
      await request(`${refusal.name}-1`, refusal.name);
      await reconcileDeleteBackupRequest(deletionDeps(ctx), `${refusal.name}-1`, signal);
      const dbr = await dbrs.get(`${refusal.name}-1`);
      assert.equal(dbr.status?.phase, "Processed");
      assert.deepEqual(dbr.status.errors, [refusal.error]);
      assert.equal((await backups.get(refusal.name)).status?.phase, refusal.phase ?? "Completed");
      assert.deepEqual(await bucketFiles(refusal.location ?? "primary", refusal.name), before);
    });
  }

  it("answers a request for a backup that does not exist with Velero's message", async () => {
    await request("ghost-1", "ghost");
    await reconcileDeleteBackupRequest(deletionDeps(ctx), "ghost-1", signal);
    assert.deepEqual((await dbrs.get("ghost-1")).status?.errors, ["backup not found"]);
  });

  it("keeps the bucket copy and the Backup when file-system snapshots cannot be deleted", async () => {
    await makeBackup("stuck");
    await request("stuck-1", "stuck");
    const snapshots = recordingDeleter(["snapshot s9 of volume data could not be deleted"]);
    await reconcileDeleteBackupRequest(
      deletionDeps(ctx, { snapshots: snapshots.deleter }),
      "stuck-1",
      signal,
    );
    const dbr = await dbrs.get("stuck-1");
    assert.equal(dbr.status?.phase, "Processed");
    assert.deepEqual(dbr.status.errors, ["snapshot s9 of volume data could not be deleted"]);
    assert.equal((await backups.get("stuck")).status?.phase, "Deleting");
    assert.ok((await bucketFiles("primary", "stuck")).includes("velero-backup.json"));
  });

  it("deletes the moved snapshots of a backup made with snapshotMoveData and its DataUploads", async () => {
    await makeBackup("moved");
    await backups.patch("moved", { spec: { snapshotMoveData: true } });
    const { store } = await ctx.locations.open("primary");
    await store.putBackupVolumeInfos("moved", [
      {
        pvcName: "data",
        pvcNamespace: "shop",
        backupMethod: "CSISnapshot",
        snapshotDataMoved: true,
        preserveLocalSnapshot: false,
        skipped: false,
        snapshotDataMovementInfo: {
          dataMover: "velero",
          uploaderType: "kopia",
          snapshotHandle: "moved-snap",
          operationID: "du-1",
          size: 10,
          Phase: "Completed",
        },
      },
    ]);
    await ctx.velero.dataUploads.create(
      new DataUploadBuilder("velero", "moved-du")
        .labels({ [BACKUP_NAME_LABEL]: "moved" })
        .spec({ sourcePVC: "data", sourceNamespace: "shop", backupStorageLocation: "primary" })
        .build(),
    );
    await ctx.velero.dataUploads.patchStatus("moved-du", {
      phase: "Completed",
      snapshotID: "moved-snap",
    });
    await request("moved-1", "moved");
    const snapshots = recordingDeleter();
    await reconcileDeleteBackupRequest(
      deletionDeps(ctx, { snapshots: snapshots.deleter }),
      "moved-1",
      signal,
    );
    assert.deepEqual(
      snapshots.calls.map((c) => c.snapshots),
      [
        [
          {
            snapshotID: "moved-snap",
            location: "primary",
            volumeNamespace: "shop",
            volume: "shop/data",
          },
        ],
      ],
    );
    assert.equal(await exists(() => ctx.velero.dataUploads.get("moved-du")), false);
    assert.equal(await exists(() => backups.get("moved")), false);
    assert.deepEqual(await bucketFiles("primary", "moved"), []);
  });

  it("reports restores that outlive the wait and keeps the Backup", async () => {
    await makeBackup("restored");
    await restores.create(
      new RestoreBuilder("velero", "held").backup("restored").finalizers("test.io/hold").build(),
    );
    await request("restored-1", "restored");
    await reconcileDeleteBackupRequest(
      deletionDeps(ctx, { restoreWaitMs: 0 }),
      "restored-1",
      signal,
    );
    const dbr = await dbrs.get("restored-1");
    assert.deepEqual(dbr.status?.errors, ["timed out waiting for restores to be deleted: held"]);
    assert.equal(await exists(() => backups.get("restored")), true);
    await restores.patch("held", { metadata: { finalizers: null } });
  });

  it("replaces older requests for the same backup and deletes processed requests after 24 hours", async () => {
    await request("dup-1", "nothing-here");
    await dbrs.patch("dup-1", { metadata: { labels: { [BACKUP_NAME_LABEL]: "nothing-here" } } });
    await dbrs.create({
      ...new DeleteBackupRequestBuilder("velero", "dup-2", "nothing-here").build(),
      metadata: {
        name: "dup-2",
        namespace: "velero",
        labels: { [BACKUP_NAME_LABEL]: "nothing-here" },
      },
    });
    const result = await reconcileDeleteBackupRequest(deletionDeps(ctx), "dup-2", signal);
    assert.equal(await exists(() => dbrs.get("dup-1")), false);
    assert.equal((await dbrs.get("dup-2")).status?.phase, "Processed");
    assert.ok(result?.requeueAfterMs !== undefined && result.requeueAfterMs <= 3_600_000);
    clock.advance(23 * 3_600_000);
    await reconcileDeleteBackupRequest(deletionDeps(ctx), "dup-2", signal);
    assert.equal(await exists(() => dbrs.get("dup-2")), true);
    clock.advance(3_600_000 + 120_000);
    assert.equal(await reconcileDeleteBackupRequest(deletionDeps(ctx), "dup-2", signal), undefined);
    assert.equal(await exists(() => dbrs.get("dup-2")), false);
  });

  it("runs as a controller: a request made the way kubectl velero backup delete makes it removes the backup", async () => {
    await makeBackup("via-controller");
    await harness.start([createDeleteBackupRequestController()]);
    after(() => harness.stop());
    await request("via-controller-1", "via-controller");
    const deadline = Date.now() + 30_000;
    while (await exists(() => backups.get("via-controller"))) {
      assert.ok(Date.now() < deadline, "the backup was never deleted");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(await bucketFiles("primary", "via-controller"), []);
  });
});
