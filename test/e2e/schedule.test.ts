// e2e: the in-process agent on a local test cluster runs a Schedule at `@every 5s` (correctly
// named backups, retention through the deletion path, nothing while paused), and collects a
// backup whose TTL ran out from the cluster and the bucket.
import assert from "node:assert/strict";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { SCHEDULE_NAME_LABEL, ScheduleBuilder } from "../../lib/api/index.js";
import { createAgentHarness } from "../../agent/backup/testing/agent-harness.js";
import { backupController } from "../../agent/controllers/backup-controller.js";
import { deleteBackupRequestController } from "../../agent/controllers/delete-backup-request-controller.js";
import { gcController } from "../../agent/controllers/gc-controller.js";
import { scheduleController } from "../../agent/controllers/schedule-controller.js";
import { RETENTION_ANNOTATION } from "../../agent/retention/index.js";
import { eventually as eventuallyWithin } from "../helpers/eventually.js";
import { startTestCluster } from "../helpers/local-cluster.js";

const cluster = await startTestCluster({ name: "schedules" });
const harness = await createAgentHarness({
  kubeconfigPath: cluster.kubeconfigPath,
  flags: ["--garbage-collection-frequency", "1s"],
});
after(() => rm(harness.storageRoot, { recursive: true, force: true }));
const { backups, schedules } = harness.ctx.velero;
await harness.createLocation("default", { isDefault: true });

function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  return eventuallyWithin(what, probe, { timeoutMs: 90_000, ignoreErrors: true });
}

async function bucketBackups(): Promise<string[]> {
  const dir = join(harness.storageRoot, "default", "backups");
  return (await readdir(dir).catch(() => [])).sort();
}

async function scheduleBackups(schedule: string): Promise<string[]> {
  const list = await backups.list(`${SCHEDULE_NAME_LABEL}=${schedule}`);
  return list.map((b) => b.metadata.name ?? "").sort();
}

describe("schedules and expiry on a running agent", () => {
  after(() => harness.stop());

  it("starts the agent", async () => {
    await harness.start([
      backupController,
      scheduleController,
      deleteBackupRequestController,
      gcController,
    ]);
  });

  it("runs an @every 5s schedule with keepLast=2, keeping only the newest two, and stops when paused", async () => {
    await schedules.create(
      new ScheduleBuilder("velero", "every5")
        .cron("@every 5s")
        .annotations({ [RETENTION_ANNOTATION]: "keepLast=2" })
        .template({ includedNamespaces: ["default"] })
        .build(),
    );
    const made = new Set<string>();
    await eventually("four scheduled backups", async () => {
      for (const name of await scheduleBackups("every5")) made.add(name);
      return made.size >= 4 ? true : undefined;
    });
    const names = [...made].sort();
    for (const name of names) assert.match(name, /^every5-\d{14}$/);
    const times = names.map((n) => {
      const s = n.slice("every5-".length);
      return Date.UTC(
        +s.slice(0, 4),
        +s.slice(4, 6) - 1,
        +s.slice(6, 8),
        +s.slice(8, 10),
        +s.slice(10, 12),
        +s.slice(12, 14),
      );
    });
    for (let i = 1; i < times.length; i++) {
      assert.ok(
        (times[i] ?? 0) - (times[i - 1] ?? 0) >= 5_000,
        `runs too close: ${names.join(" ")}`,
      );
    }
    await schedules.patch("every5", { spec: { paused: true } });
    const kept = await eventually("retention to leave two backups", async () => {
      const left = await scheduleBackups("every5");
      const running = (await backups.list(`${SCHEDULE_NAME_LABEL}=every5`)).some(
        (b) => b.status?.phase !== "Completed",
      );
      return left.length === 2 && !running ? left : undefined;
    });
    const inBucket = (await bucketBackups()).filter((n) => n.startsWith("every5-"));
    assert.deepEqual(inBucket, kept);
    const pausedAt = (await schedules.get("every5")).status?.lastBackup;
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    assert.equal((await schedules.get("every5")).status?.lastBackup, pausedAt);
    assert.deepEqual(await scheduleBackups("every5"), kept);
  });

  it("collects a backup with a 10 s TTL from the cluster and the bucket", async () => {
    await harness.createBackup("short-lived", { includedNamespaces: ["default"], ttl: "10s" });
    const done = await harness.waitForBackup("short-lived", undefined, 60_000);
    assert.equal(done.status?.phase, "Completed");
    assert.ok((await bucketBackups()).includes("short-lived"));
    await eventually("the expired backup to be deleted", async () =>
      backups.get("short-lived").then(
        () => undefined,
        () => true,
      ),
    );
    assert.ok(!(await bucketBackups()).includes("short-lived"));
  });
});
