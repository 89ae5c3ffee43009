import assert from "node:assert/strict";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { FakeClock } from "../../lib/clock.js";
import { startTestCluster } from "../../test/helpers/local-cluster.js";
import { createAgentHarness } from "../backup/testing/agent-harness.js";
import {
  backupStorageLocationController,
  reconcileBackupStorageLocation,
  ValidatedSpecs,
} from "./backup-storage-location-controller.js";

const cluster = await startTestCluster();
const clock = new FakeClock(new Date("2026-03-01T10:00:00Z"));
const harness = await createAgentHarness({ kubeconfigPath: cluster.kubeconfigPath, clock });
after(() => rm(harness.storageRoot, { recursive: true, force: true }));
const { ctx } = harness;
const bsls = ctx.velero.backupStorageLocations;

async function gauge(name: string): Promise<number | undefined> {
  const metric = await ctx.metrics.backupLocationStatus.get();
  return metric.values.find((v) => v.labels.backup_location_name === name)?.value;
}

async function freshLocation(name: string, spec: { validationFrequency?: string } = {}) {
  await harness.createLocation(name);
  await bsls.patch(name, { spec, status: null });
}

describe("backup storage location controller", () => {
  it("marks a location whose bucket holds only Velero's folders Available and records when", async () => {
    await freshLocation("good");
    await mkdir(join(harness.storageRoot, "good", "backups", "b1"), { recursive: true });
    await writeFile(join(harness.storageRoot, "good", "backups", "b1", "velero-backup.json"), "{}");
    const result = await reconcileBackupStorageLocation(ctx, new ValidatedSpecs(), "good");
    const bsl = await bsls.get("good");
    assert.equal(bsl.status?.phase, "Available");
    assert.equal(bsl.status.message, undefined);
    assert.equal(bsl.status.lastValidationTime, "2026-03-01T10:00:00Z");
    assert.deepEqual(result, { requeueAfterMs: 60_000 });
    assert.equal(await gauge("good"), 1);
  });

  it("marks a location with unknown top-level folders Unavailable with Velero's message", async () => {
    await freshLocation("cluttered");
    await mkdir(join(harness.storageRoot, "cluttered", "photos"), { recursive: true });
    await writeFile(join(harness.storageRoot, "cluttered", "photos", "cat.jpg"), "x");
    await reconcileBackupStorageLocation(ctx, new ValidatedSpecs(), "cluttered");
    const bsl = await bsls.get("cluttered");
    assert.equal(bsl.status?.phase, "Unavailable");
    assert.equal(
      bsl.status.message,
      'BackupStorageLocation "cluttered" is unavailable: ' +
        "Backup store contains invalid top-level directories: [photos]",
    );
    assert.equal(await gauge("cluttered"), 0);
  });

  it("marks a location whose bucket is missing Unavailable and says so", async () => {
    await freshLocation("nobucket");
    await rm(join(harness.storageRoot, "nobucket"), { recursive: true });
    await reconcileBackupStorageLocation(ctx, new ValidatedSpecs(), "nobucket");
    const bsl = await bsls.get("nobucket");
    assert.equal(bsl.status?.phase, "Unavailable");
    assert.match(
      bsl.status.message ?? "",
      /^BackupStorageLocation "nobucket" is unavailable: .*does not exist/,
    );
  });

  it("validates again only when the frequency has passed or the spec changed", async () => {
    await freshLocation("periodic", { validationFrequency: "5m" });
    const specs = new ValidatedSpecs();
    await reconcileBackupStorageLocation(ctx, specs, "periodic");
    const first = (await bsls.get("periodic")).status?.lastValidationTime;
    clock.advance(60_000);
    const waiting = await reconcileBackupStorageLocation(ctx, specs, "periodic");
    assert.deepEqual(waiting, { requeueAfterMs: 240_000 });
    assert.equal((await bsls.get("periodic")).status?.lastValidationTime, first);
    await bsls.patch("periodic", { spec: { validationFrequency: "4m" } });
    await reconcileBackupStorageLocation(ctx, specs, "periodic");
    assert.notEqual((await bsls.get("periodic")).status?.lastValidationTime, first);
  });

  it("validates a location with validationFrequency 0s once and then never", async () => {
    await freshLocation("once", { validationFrequency: "0s" });
    const specs = new ValidatedSpecs();
    const first = await reconcileBackupStorageLocation(ctx, specs, "once");
    assert.equal(first, undefined);
    assert.equal((await bsls.get("once")).status?.phase, "Available");
    clock.advance(3_600_000);
    assert.equal(await reconcileBackupStorageLocation(ctx, specs, "once"), undefined);
    assert.equal((await bsls.get("once")).status?.lastValidationTime, "2026-03-01T10:01:00Z");
  });

  it("keeps only the newest of several default locations default", async () => {
    await harness.createLocation("default-old", { isDefault: true });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await harness.createLocation("default-new", { isDefault: true });
    await reconcileBackupStorageLocation(ctx, new ValidatedSpecs(), "default-old");
    assert.equal((await bsls.get("default-old")).spec.default, false);
    assert.equal((await bsls.get("default-new")).spec.default, true);
    for (const name of ["default-old", "default-new"]) await bsls.delete(name);
  });

  it("forgets the gauge of a deleted location", async () => {
    await freshLocation("gone");
    await reconcileBackupStorageLocation(ctx, new ValidatedSpecs(), "gone");
    assert.equal(await gauge("gone"), 1);
    await bsls.delete("gone");
    assert.equal(
      await reconcileBackupStorageLocation(ctx, new ValidatedSpecs(), "gone"),
      undefined,
    );
    assert.equal(await gauge("gone"), undefined);
  });

  it("runs as a controller and turns a new location Available", async () => {
    await harness.start([backupStorageLocationController]);
    after(() => harness.stop());
    await freshLocation("watched");
    const deadline = Date.now() + 30_000;
    for (;;) {
      const bsl = await bsls.get("watched");
      if (bsl.status?.phase === "Available") break;
      assert.ok(
        Date.now() < deadline,
        `location never became Available: ${JSON.stringify(bsl.status)}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
