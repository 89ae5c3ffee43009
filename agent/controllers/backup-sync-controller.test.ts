import assert from "node:assert/strict";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  BACKUP_NAME_LABEL,
  BACKUP_UID_LABEL,
  BackupBuilder,
  encodeBackupForStore,
  PodVolumeBackupBuilder,
  STORAGE_LOCATION_LABEL,
  type Backup,
  type BackupPhase,
} from "../../lib/api/index.js";
import { FakeClock } from "../../lib/clock.js";
import { startTestCluster } from "../../test/helpers/local-cluster.js";
import { createAgentHarness } from "../backup/testing/agent-harness.js";
import { SYNC_REQUEST_ANNOTATION } from "../../lib/api/index.js";
import { backupSyncController, reconcileBackupSync } from "./backup-sync-controller.js";

const cluster = await startTestCluster();
const clock = new FakeClock(new Date("2026-03-01T10:00:00Z"));
const harness = await createAgentHarness({ kubeconfigPath: cluster.kubeconfigPath, clock });
after(() => rm(harness.storageRoot, { recursive: true, force: true }));
const { ctx } = harness;
const { backups, backupStorageLocations: bsls, podVolumeBackups } = ctx.velero;

interface StoredBackup {
  readonly phase?: BackupPhase;
  readonly expiration?: string;
  readonly ownerSchedule?: string;
  readonly podVolumes?: number;
}

/** Writes a backup into `location`'s bucket as another cluster's agent would. */
async function putInBucket(location: string, name: string, options: StoredBackup = {}) {
  const builder = new BackupBuilder("elsewhere", name)
    .storageLocation("their-location")
    .labels({ [STORAGE_LOCATION_LABEL]: "their-location", team: "a" })
    .metadata({ uid: `uid-of-${name}`, resourceVersion: "4711" })
    .phase(options.phase ?? "Completed");
  if (options.expiration !== undefined) builder.expiration(options.expiration);
  if (options.ownerSchedule !== undefined) {
    builder.ownerReference({
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      name: options.ownerSchedule,
      uid: "their-schedule-uid",
    });
  }
  const backup = builder.build();
  const podVolumeBackups = Array.from({ length: options.podVolumes ?? 0 }, (_, i) =>
    new PodVolumeBackupBuilder("elsewhere", `${name}-pvb-${String(i)}`)
      .labels({ [BACKUP_NAME_LABEL]: name, [BACKUP_UID_LABEL]: `uid-of-${name}` })
      .ownerReference({ apiVersion: "velero.io/v1", kind: "Backup", name, uid: `uid-of-${name}` })
      .spec({ volume: `data-${String(i)}`, backupStorageLocation: "their-location" })
      .status({ phase: "Completed", snapshotID: `snap-${String(i)}` })
      .build(),
  );
  const { store } = await ctx.locations.open(location);
  await store.putBackup({
    name,
    metadataJson: encodeBackupForStore(backup),
    contents: Buffer.from("tarball"),
    podVolumeBackups: podVolumeBackups.map((p) => ({ ...p })),
  });
}

async function clusterBackup(name: string, location: string, phase: BackupPhase): Promise<Backup> {
  const backup = new BackupBuilder("velero", name)
    .storageLocation(location)
    .labels({ [STORAGE_LOCATION_LABEL]: location })
    .build();
  await backups.create(backup);
  return backups.patchStatus(name, { phase });
}

async function bucketKeys(location: string): Promise<string[]> {
  const entries = await readdir(join(harness.storageRoot, location), { recursive: true });
  return entries.sort();
}

describe("backup sync controller", () => {
  it("creates backups found in the bucket, with their pod volume backups, moved to this location", async () => {
    await harness.createLocation("primary");
    await putInBucket("primary", "theirs-1", { podVolumes: 2 });
    await reconcileBackupSync(ctx, "primary");
    const synced = await backups.get("theirs-1");
    assert.equal(synced.metadata.namespace, "velero");
    assert.notEqual(synced.metadata.uid, "uid-of-theirs-1");
    assert.equal(synced.spec.storageLocation, "primary");
    assert.equal(synced.metadata.labels?.[STORAGE_LOCATION_LABEL], "primary");
    assert.equal(synced.metadata.labels["team"], "a");
    assert.equal(synced.status?.phase, "Completed");
    const pvbs = await podVolumeBackups.list(`${BACKUP_NAME_LABEL}=theirs-1`);
    assert.deepEqual(pvbs.map((p) => p.metadata.name).sort(), ["theirs-1-pvb-0", "theirs-1-pvb-1"]);
    for (const pvb of pvbs) {
      assert.equal(pvb.metadata.namespace, "velero");
      assert.equal(pvb.metadata.labels?.[BACKUP_UID_LABEL], synced.metadata.uid);
      assert.equal(pvb.metadata.ownerReferences?.[0]?.uid, synced.metadata.uid);
      assert.equal(pvb.spec.backupStorageLocation, "primary");
    }
    assert.equal((await bsls.get("primary")).status?.lastSyncedTime, "2026-03-01T10:00:00Z");
  });

  it("skips unfinished backups until they expire, then syncs them as PartiallyFailed", async () => {
    await harness.createLocation("finishing");
    await putInBucket("finishing", "still-finalizing", {
      phase: "Finalizing",
      expiration: "2026-03-02T10:00:00Z",
    });
    await putInBucket("finishing", "expired-finalizing", {
      phase: "WaitingForPluginOperations",
      expiration: "2026-02-28T10:00:00Z",
    });
    await reconcileBackupSync(ctx, "finishing");
    const names = (await backups.list(`${STORAGE_LOCATION_LABEL}=finishing`)).map(
      (b) => b.metadata.name,
    );
    assert.deepEqual(names, ["expired-finalizing"]);
    assert.equal((await backups.get("expired-finalizing")).status?.phase, "PartiallyFailed");
  });

  it("drops the owner reference of a schedule this cluster does not have", async () => {
    await harness.createLocation("scheduled");
    await putInBucket("scheduled", "nightly-20260301000000", { ownerSchedule: "nightly" });
    await reconcileBackupSync(ctx, "scheduled");
    const synced = await backups.get("nightly-20260301000000");
    assert.deepEqual(synced.metadata.ownerReferences ?? [], []);
  });

  it("removes finished backups whose bucket copy is gone from the cluster only, keeping running ones", async () => {
    await harness.createLocation("orphans");
    await putInBucket("orphans", "kept");
    await clusterBackup("orphan-completed", "orphans", "Completed");
    await clusterBackup("orphan-partial", "orphans", "PartiallyFailed");
    await clusterBackup("orphan-running", "orphans", "InProgress");
    await clusterBackup("other-location", "elsewhere", "Completed");
    const before = await bucketKeys("orphans");
    await reconcileBackupSync(ctx, "orphans");
    const left = (await backups.list()).map((b) => b.metadata.name);
    assert.ok(!left.includes("orphan-completed"));
    assert.ok(!left.includes("orphan-partial"));
    for (const name of ["kept", "orphan-running", "other-location"]) assert.ok(left.includes(name));
    assert.deepEqual(await bucketKeys("orphans"), before);
  });

  it("syncs a ReadOnly location without writing to its bucket", async () => {
    await harness.createLocation("archive");
    await putInBucket("archive", "archived");
    await bsls.patch("archive", { spec: { accessMode: "ReadOnly" } });
    const before = await bucketKeys("archive");
    await reconcileBackupSync(ctx, "archive");
    assert.equal((await backups.get("archived")).spec.storageLocation, "archive");
    assert.deepEqual(await bucketKeys("archive"), before);
  });

  it("waits out the sync period, but syncs at once when asked and removes the request", async () => {
    await harness.createLocation("asked");
    await reconcileBackupSync(ctx, "asked");
    await putInBucket("asked", "new-arrival");
    clock.advance(10_000);
    assert.deepEqual(await reconcileBackupSync(ctx, "asked"), { requeueAfterMs: 50_000 });
    await assert.rejects(backups.get("new-arrival"));
    await bsls.patch("asked", {
      metadata: { annotations: { [SYNC_REQUEST_ANNOTATION]: "2026-03-01T10:00:10Z" } },
    });
    await reconcileBackupSync(ctx, "asked");
    assert.equal((await backups.get("new-arrival")).spec.storageLocation, "asked");
    const location = await bsls.get("asked");
    assert.equal(location.metadata.annotations?.[SYNC_REQUEST_ANNOTATION], undefined);
    assert.equal(location.status?.lastSyncedTime, "2026-03-01T10:00:10Z");
  });

  it("never syncs periodically with backupSyncPeriod 0s but still honours a request", async () => {
    await harness.createLocation("manual");
    await bsls.patch("manual", { spec: { backupSyncPeriod: "0s" } });
    await putInBucket("manual", "on-demand");
    await reconcileBackupSync(ctx, "manual");
    await assert.rejects(backups.get("on-demand"));
    await bsls.patch("manual", { metadata: { annotations: { [SYNC_REQUEST_ANNOTATION]: "now" } } });
    await reconcileBackupSync(ctx, "manual");
    await backups.get("on-demand");
    assert.equal(
      (await bsls.get("manual")).metadata.annotations?.[SYNC_REQUEST_ANNOTATION],
      undefined,
    );
  });

  it("does not sync an Unavailable location and keeps its request pending", async () => {
    await harness.createLocation("down", { phase: "Unavailable" });
    await putInBucket("down", "unseen");
    await bsls.patch("down", { metadata: { annotations: { [SYNC_REQUEST_ANNOTATION]: "now" } } });
    await reconcileBackupSync(ctx, "down");
    await assert.rejects(backups.get("unseen"));
    assert.equal((await bsls.get("down")).metadata.annotations?.[SYNC_REQUEST_ANNOTATION], "now");
  });

  it("answers a sync request as a running controller", async () => {
    await harness.createLocation("live");
    await harness.start([backupSyncController]);
    after(() => harness.stop());
    await putInBucket("live", "arrived-later");
    await bsls.patch("live", { metadata: { annotations: { [SYNC_REQUEST_ANNOTATION]: "now" } } });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const location = await bsls.get("live");
      if (location.metadata.annotations?.[SYNC_REQUEST_ANNOTATION] === undefined) break;
      assert.ok(Date.now() < deadline, "the sync request was never acknowledged");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal((await backups.get("arrived-later")).spec.storageLocation, "live");
  });
});
