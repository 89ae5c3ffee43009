import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, describe, it } from "node:test";
import {
  BackupBuilder,
  parseTime,
  SCHEDULE_NAME_LABEL,
  ScheduleBuilder,
  type BackupPhase,
  type Schedule,
} from "../../lib/api/index.js";
import { FakeClock } from "../../lib/clock.js";
import { startTestCluster } from "../../test/helpers/local-cluster.js";
import { createAgentHarness } from "../backup/testing/agent-harness.js";
import { deletionRequestSelector } from "../deletion/index.js";
import { RETENTION_ANNOTATION } from "../retention/index.js";
import { reconcileSchedule } from "./schedule-controller.js";

const cluster = await startTestCluster();
const harness = await createAgentHarness({ kubeconfigPath: cluster.kubeconfigPath });
after(() => rm(harness.storageRoot, { recursive: true, force: true }));
const { ctx } = harness;
const { schedules, backups, deleteBackupRequests: dbrs } = ctx.velero;

async function createSchedule(
  name: string,
  cron: string,
  configure: (b: ScheduleBuilder) => void = () => undefined,
): Promise<{ schedule: Schedule; clock: FakeClock; deps: typeof ctx }> {
  const builder = new ScheduleBuilder("velero", name)
    .cron(cron)
    .template({ includedNamespaces: ["app"], ttl: "1h0m0s" });
  configure(builder);
  const schedule = await schedules.create(builder.build());
  const clock = new FakeClock(parseTime(schedule.metadata.creationTimestamp ?? ""));
  return { schedule, clock, deps: { ...ctx, clock } };
}

async function backupsOf(name: string): Promise<string[]> {
  const list = await backups.list(`${SCHEDULE_NAME_LABEL}=${name}`);
  return list.map((b) => b.metadata.name ?? "").sort();
}

function stamp(time: Date): string {
  return time.toISOString().slice(0, 19).replace(/[-:T]/g, "");
}

async function finish(names: readonly string[], phase: BackupPhase = "Completed") {
  for (const name of names) await backups.patchStatus(name, { phase });
}

describe("schedule controller", () => {
  it("fires an @every 5s schedule 5 s after its creation, then every 5 s, naming backups by time", async () => {
    const { schedule, clock, deps } = await createSchedule("fast", "@every 5s");
    const first = await reconcileSchedule(deps, "fast");
    assert.deepEqual(first, { requeueAfterMs: 5_001 });
    assert.deepEqual(await backupsOf("fast"), []);
    assert.equal((await schedules.get("fast")).status?.phase, "Enabled");
    clock.advance(5_001);
    const fired = clock.now();
    assert.deepEqual(await reconcileSchedule(deps, "fast"), { requeueAfterMs: 5_000 });
    assert.deepEqual(await backupsOf("fast"), [`fast-${stamp(fired)}`]);
    const backup = await backups.get(`fast-${stamp(fired)}`);
    assert.deepEqual(backup.spec, { includedNamespaces: ["app"], ttl: "1h0m0s" });
    assert.equal(backup.metadata.labels?.[SCHEDULE_NAME_LABEL], "fast");
    assert.equal(backup.metadata.ownerReferences, undefined);
    assert.equal(
      parseTime((await schedules.get("fast")).status?.lastBackup ?? "").getTime(),
      Math.floor(fired.getTime() / 1000) * 1000,
    );
    assert.ok(schedule.metadata.creationTimestamp !== undefined);
    const gauge = await ctx.metrics.scheduleExpectedInterval.get();
    assert.equal(gauge.values.find((v) => v.labels.schedule === "fast")?.value, 5);
  });

  it("does not start a run while the previous backup is New or InProgress", async () => {
    const { clock, deps } = await createSchedule("overlap", "@every 5s");
    clock.advance(5_001);
    await reconcileSchedule(deps, "overlap");
    const [firstBackup] = await backupsOf("overlap");
    clock.advance(10_000);
    assert.deepEqual(await reconcileSchedule(deps, "overlap"), { requeueAfterMs: 2_000 });
    await finish([firstBackup ?? ""], "InProgress");
    assert.deepEqual(await reconcileSchedule(deps, "overlap"), { requeueAfterMs: 2_000 });
    assert.equal((await backupsOf("overlap")).length, 1);
    await finish([firstBackup ?? ""]);
    await reconcileSchedule(deps, "overlap");
    assert.equal((await backupsOf("overlap")).length, 2);
  });

  it("refuses an invalid cron expression with Velero's message and never fires", async () => {
    const { clock, deps } = await createSchedule("broken", "61 * * * *");
    assert.equal(await reconcileSchedule(deps, "broken"), undefined);
    const schedule = await schedules.get("broken");
    assert.equal(schedule.status?.phase, "FailedValidation");
    assert.match(schedule.status.validationErrors?.[0] ?? "", /^invalid schedule: /);
    clock.advance(3_600_000);
    await reconcileSchedule(deps, "broken");
    assert.deepEqual(await backupsOf("broken"), []);
  });

  it("refuses an invalid retention annotation", async () => {
    const { deps } = await createSchedule("bad-retention", "@daily", (b) =>
      b.annotations({ [RETENTION_ANNOTATION]: "keepLast=two" }),
    );
    await reconcileSchedule(deps, "bad-retention");
    const schedule = await schedules.get("bad-retention");
    assert.equal(schedule.status?.phase, "FailedValidation");
    assert.match(schedule.status.validationErrors?.[0] ?? "", /invalid retention policy/);
  });

  it("skips the run due right after skipImmediately once, then fires normally", async () => {
    const { clock, deps } = await createSchedule("skipper", "@every 5s", (b) =>
      b.spec({ skipImmediately: true }),
    );
    clock.advance(7_000);
    const skippedAt = clock.now();
    await reconcileSchedule(deps, "skipper");
    const schedule = await schedules.get("skipper");
    assert.equal(schedule.spec.skipImmediately, false);
    assert.equal(
      parseTime(schedule.status?.lastSkipped ?? "").getTime(),
      Math.floor(skippedAt.getTime() / 1000) * 1000,
    );
    assert.deepEqual(await backupsOf("skipper"), []);
    clock.advance(5_500);
    await reconcileSchedule(deps, "skipper");
    assert.equal((await backupsOf("skipper")).length, 1);
  });

  it("never fires or touches a paused schedule, and fires once, not per missed run, when unpaused", async () => {
    const { clock, deps } = await createSchedule("sleepy", "@every 5s", (b) => b.paused(true));
    clock.advance(60_000);
    assert.deepEqual(await reconcileSchedule(deps, "sleepy"), { requeueAfterMs: 60_000 });
    assert.equal((await schedules.get("sleepy")).status, undefined);
    assert.deepEqual(await backupsOf("sleepy"), []);
    await schedules.patch("sleepy", { spec: { paused: false } });
    await reconcileSchedule(deps, "sleepy");
    await reconcileSchedule(deps, "sleepy");
    assert.equal((await backupsOf("sleepy")).length, 1);
  });

  it("labels backups with the template's labels when set, else the schedule's, and owns them when asked", async () => {
    const { clock, deps } = await createSchedule("labelled", "@every 5s", (b) =>
      b.labels({ team: "a" }).annotations({ note: "x" }).spec({ useOwnerReferencesInBackup: true }),
    );
    const templated = await createSchedule("templated", "@every 5s", (b) =>
      b.labels({ team: "a" }).template({ metadata: { labels: { tier: "gold" } } }),
    );
    clock.advance(5_001);
    templated.clock.advance(5_001);
    await reconcileSchedule(deps, "labelled");
    await reconcileSchedule(templated.deps, "templated");
    const [own] = await backups.list(`${SCHEDULE_NAME_LABEL}=labelled`);
    assert.ok(own !== undefined);
    assert.deepEqual(own.metadata.labels, { team: "a", [SCHEDULE_NAME_LABEL]: "labelled" });
    assert.deepEqual(own.metadata.annotations, { note: "x" });
    const uid = (await schedules.get("labelled")).metadata.uid;
    assert.deepEqual(own.metadata.ownerReferences, [
      { apiVersion: "velero.io/v1", kind: "Schedule", name: "labelled", uid, controller: true },
    ]);
    const [templatedBackup] = await backups.list(`${SCHEDULE_NAME_LABEL}=templated`);
    assert.deepEqual(templatedBackup?.metadata.labels, {
      tier: "gold",
      [SCHEDULE_NAME_LABEL]: "templated",
    });
  });

  it("requests the deletion of the backups its retention policy drops, once", async () => {
    const { deps } = await createSchedule("kept", "@daily", (b) =>
      b.annotations({ [RETENTION_ANNOTATION]: "keepLast=2" }),
    );
    for (const day of ["01", "02", "03", "04"]) {
      const name = `kept-202601${day}000000`;
      await backups.create(
        new BackupBuilder("velero", name).labels({ [SCHEDULE_NAME_LABEL]: "kept" }).build(),
      );
      await backups.patchStatus(name, {
        phase: "Completed",
        startTimestamp: `2026-01-${day}T00:00:00Z`,
      });
    }
    await reconcileSchedule(deps, "kept");
    await reconcileSchedule(deps, "kept");
    const requested = await Promise.all(
      ["01", "02", "03", "04"].map(
        async (day) => (await dbrs.list(deletionRequestSelector(`kept-202601${day}000000`))).length,
      ),
    );
    assert.deepEqual(requested, [1, 1, 0, 0]);
  });

  it("still applies the retention policy of a paused schedule", async () => {
    const { deps } = await createSchedule("frozen", "@daily", (b) =>
      b.paused(true).annotations({ [RETENTION_ANNOTATION]: "keepLast=1" }),
    );
    for (const day of ["01", "02"]) {
      const name = `frozen-202601${day}000000`;
      await backups.create(
        new BackupBuilder("velero", name).labels({ [SCHEDULE_NAME_LABEL]: "frozen" }).build(),
      );
      await backups.patchStatus(name, {
        phase: "Completed",
        startTimestamp: `2026-01-${day}T00:00:00Z`,
      });
    }
    await reconcileSchedule(deps, "frozen");
    const requests = await dbrs.list(deletionRequestSelector("frozen-20260101000000"));
    assert.equal(requests.length, 1);
    assert.deepEqual(await dbrs.list(deletionRequestSelector("frozen-20260102000000")), []);
    assert.equal((await schedules.get("frozen")).status, undefined);
  });
});
