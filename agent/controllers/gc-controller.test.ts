import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, describe, it } from "node:test";
import {
  BACKUP_NAME_LABEL,
  BACKUP_UID_LABEL,
  BackupBuilder,
  GC_FAILURE_LABEL,
  type Backup,
} from "../../lib/api/index.js";
import { FakeClock } from "../../lib/clock.js";
import { startTestCluster } from "../../test/helpers/local-cluster.js";
import { createAgentHarness } from "../backup/testing/agent-harness.js";
import { deletionRequestSelector } from "../deletion/index.js";
import { reconcileGarbageCollection } from "./gc-controller.js";

const cluster = await startTestCluster();
const clock = new FakeClock(new Date("2026-03-01T10:00:00Z"));
const harness = await createAgentHarness({ kubeconfigPath: cluster.kubeconfigPath, clock });
after(() => rm(harness.storageRoot, { recursive: true, force: true }));
const { ctx } = harness;
const { backups, deleteBackupRequests: dbrs } = ctx.velero;

await harness.createLocation("primary");
await harness.createLocation("archive", { accessMode: "ReadOnly" });
await harness.createLocation("down", { phase: "Unavailable" });

async function makeBackup(name: string, location: string, expiration?: string): Promise<Backup> {
  const builder = new BackupBuilder("velero", name).storageLocation(location);
  await backups.create(builder.build());
  return backups.patchStatus(name, {
    phase: "Completed",
    ...(expiration === undefined ? {} : { expiration }),
  });
}

async function requestsFor(name: string) {
  return dbrs.list(deletionRequestSelector(name));
}

describe("gc controller", () => {
  it("looks again at an unexpired backup when it expires or at the next collection", async () => {
    await makeBackup("soon", "primary", "2026-03-01T10:00:30Z");
    await makeBackup("later", "primary", "2026-03-05T00:00:00Z");
    await makeBackup("never", "primary");
    assert.deepEqual(await reconcileGarbageCollection(ctx, "soon"), { requeueAfterMs: 30_000 });
    assert.deepEqual(await reconcileGarbageCollection(ctx, "later"), {
      requeueAfterMs: 3_600_000,
    });
    assert.equal(await reconcileGarbageCollection(ctx, "never"), undefined);
    for (const name of ["soon", "later", "never"]) assert.deepEqual(await requestsFor(name), []);
  });

  it("requests the deletion of an expired backup once, labelled with its name and UID", async () => {
    const backup = await makeBackup("expired", "primary", "2026-03-01T09:00:00Z");
    await reconcileGarbageCollection(ctx, "expired");
    await reconcileGarbageCollection(ctx, "expired");
    const requests = await requestsFor("expired");
    assert.equal(requests.length, 1);
    const request = requests[0];
    assert.ok(request !== undefined);
    assert.equal(request.spec.backupName, "expired");
    assert.deepEqual(request.metadata.labels, {
      [BACKUP_NAME_LABEL]: "expired",
      [BACKUP_UID_LABEL]: backup.metadata.uid,
    });
    assert.match(request.metadata.name ?? "", /^expired-/);
  });

  it("requests another deletion when the earlier request was processed without success", async () => {
    await makeBackup("retried", "primary", "2026-03-01T09:00:00Z");
    await reconcileGarbageCollection(ctx, "retried");
    const [first] = await requestsFor("retried");
    await dbrs.patchStatus(first?.metadata.name ?? "", { phase: "Processed", errors: ["boom"] });
    await reconcileGarbageCollection(ctx, "retried");
    assert.equal((await requestsFor("retried")).length, 2);
  });

  const failures = [
    { name: "lost", location: "missing", label: "BSLNotFound" },
    { name: "archived", location: "archive", label: "BSLReadOnly" },
  ];
  for (const failure of failures) {
    it(`labels an expired backup ${failure.label} and requests no deletion`, async () => {
      await makeBackup(failure.name, failure.location, "2026-03-01T09:00:00Z");
      await reconcileGarbageCollection(ctx, failure.name);
      const backup = await backups.get(failure.name);
      assert.equal(backup.metadata.labels?.[GC_FAILURE_LABEL], failure.label);
      assert.deepEqual(await requestsFor(failure.name), []);
    });
  }

  it("waits for an Unavailable location without labelling the backup", async () => {
    await makeBackup("waiting", "down", "2026-03-01T09:00:00Z");
    assert.deepEqual(await reconcileGarbageCollection(ctx, "waiting"), {
      requeueAfterMs: 3_600_000,
    });
    assert.equal((await backups.get("waiting")).metadata.labels?.[GC_FAILURE_LABEL], undefined);
    assert.deepEqual(await requestsFor("waiting"), []);
  });

  it("removes the failure label once the location is back and requests the deletion", async () => {
    await makeBackup("recovered", "later-made", "2026-03-01T09:00:00Z");
    await reconcileGarbageCollection(ctx, "recovered");
    assert.equal(
      (await backups.get("recovered")).metadata.labels?.[GC_FAILURE_LABEL],
      "BSLNotFound",
    );
    await harness.createLocation("later-made");
    await reconcileGarbageCollection(ctx, "recovered");
    assert.equal((await backups.get("recovered")).metadata.labels?.[GC_FAILURE_LABEL], undefined);
    assert.equal((await requestsFor("recovered")).length, 1);
  });
});
