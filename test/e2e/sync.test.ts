// e2e: two clusters, each with an in-process agent, pointed at one bucket: each sees the other's
// backups within a sync period, a sync-now request is answered at once, and a backup deleted
// through one cluster disappears from the other.
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, describe, it } from "node:test";
import {
  BackupStorageLocationBuilder,
  DeleteBackupRequestBuilder,
  type Backup,
} from "../../lib/api/index.js";
import { createAgentHarness, type AgentHarness } from "../../agent/backup/testing/agent-harness.js";
import { backupController } from "../../agent/controllers/backup-controller.js";
import { backupStorageLocationController } from "../../agent/controllers/backup-storage-location-controller.js";
import { backupSyncController } from "../../agent/controllers/backup-sync-controller.js";
import { deleteBackupRequestController } from "../../agent/controllers/delete-backup-request-controller.js";
import { SYNC_REQUEST_ANNOTATION } from "../../lib/api/index.js";
import { eventually as eventuallyWithin } from "../helpers/eventually.js";
import { startTestCluster } from "../helpers/local-cluster.js";

const controllers = [
  backupStorageLocationController,
  backupController,
  backupSyncController,
  deleteBackupRequestController,
];
const flags = ["--backup-sync-period", "2s", "--store-validation-frequency", "5s"];

const clusterA = await startTestCluster({ name: "sync-a" });
const clusterB = await startTestCluster({ name: "sync-b" });
const a = await createAgentHarness({ kubeconfigPath: clusterA.kubeconfigPath, flags });
const b = await createAgentHarness({ kubeconfigPath: clusterB.kubeconfigPath, flags });
after(() => rm(a.storageRoot, { recursive: true, force: true }));
after(() => rm(b.storageRoot, { recursive: true, force: true }));

await a.createLocation("shared", { bucket: "team-bucket", isDefault: true });
await b.ctx.velero.backupStorageLocations.create(
  new BackupStorageLocationBuilder("velero", "bucket-view")
    .provider("velero.io/filesystem")
    .bucket("team-bucket")
    .spec({ config: { path: a.storageRoot }, default: true })
    .build(),
);
await a.start(controllers);
await b.start(controllers);

function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  return eventuallyWithin(what, probe, { timeoutMs: 60_000, ignoreErrors: true });
}

async function completedBackup(harness: AgentHarness, name: string, location: string) {
  await harness.createBackup(name, {
    includedNamespaces: ["default"],
    storageLocation: location,
  });
  const backup = await harness.waitForBackup(name, undefined, 60_000);
  assert.equal(backup.status?.phase, "Completed", JSON.stringify(backup.status));
}

function backupIn(harness: AgentHarness, name: string): () => Promise<Backup | undefined> {
  return async () => {
    const backup = await harness.ctx.velero.backups.get(name);
    return backup.status?.phase === "Completed" ? backup : undefined;
  };
}

describe("backup sync between two clusters sharing a bucket", () => {
  after(() => Promise.all([a.stop(), b.stop()]));

  it("shows each cluster the other's backups, pointed at its own location", async () => {
    await eventually("both locations Available", async () => {
      const [la, lb] = await Promise.all([
        a.ctx.velero.backupStorageLocations.get("shared"),
        b.ctx.velero.backupStorageLocations.get("bucket-view"),
      ]);
      return la.status?.phase === "Available" && lb.status?.phase === "Available"
        ? true
        : undefined;
    });
    await completedBackup(a, "made-in-a", "shared");
    await completedBackup(b, "made-in-b", "bucket-view");
    const seenByB = await eventually("B to see A's backup", backupIn(b, "made-in-a"));
    assert.equal(seenByB.spec.storageLocation, "bucket-view");
    assert.equal(seenByB.metadata.labels?.["velero.io/storage-location"], "bucket-view");
    const seenByA = await eventually("A to see B's backup", backupIn(a, "made-in-b"));
    assert.equal(seenByA.spec.storageLocation, "shared");
  });

  it("answers a sync-now request at once, even with periodic sync off", async () => {
    const bsls = b.ctx.velero.backupStorageLocations;
    await bsls.patch("bucket-view", { spec: { backupSyncPeriod: "0s" } });
    await completedBackup(a, "made-later", "shared");
    await bsls.patch("bucket-view", {
      metadata: { annotations: { [SYNC_REQUEST_ANNOTATION]: new Date().toISOString() } },
    });
    await eventually("the request to be acknowledged", async () => {
      const location = await bsls.get("bucket-view");
      return location.metadata.annotations?.[SYNC_REQUEST_ANNOTATION] === undefined
        ? true
        : undefined;
    });
    const synced = await b.ctx.velero.backups.get("made-later");
    assert.equal(synced.spec.storageLocation, "bucket-view");
  });

  it("removes a backup deleted through one cluster from the other at its next sync", async () => {
    await a.ctx.velero.deleteBackupRequests.create(
      new DeleteBackupRequestBuilder("velero", "delete-made-in-a", "made-in-a").build(),
    );
    await eventually("A to delete its backup", async () =>
      a.ctx.velero.backups.get("made-in-a").then(
        () => undefined,
        () => true,
      ),
    );
    const bsls = b.ctx.velero.backupStorageLocations;
    await bsls.patch("bucket-view", {
      metadata: { annotations: { [SYNC_REQUEST_ANNOTATION]: "after-delete" } },
    });
    await eventually("B to drop the orphan", async () =>
      b.ctx.velero.backups.get("made-in-a").then(
        () => undefined,
        () => true,
      ),
    );
    assert.equal((await b.ctx.velero.backups.get("made-in-b")).status?.phase, "Completed");
  });
});
