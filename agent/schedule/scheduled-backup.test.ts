import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ScheduleBuilder } from "../../lib/api/index.js";
import { buildScheduledBackup, timestampedBackupName } from "./scheduled-backup.js";

describe("timestampedBackupName", () => {
  const cases: [string, string, string][] = [
    ["daily", "2026-03-04T05:06:07.890Z", "daily-20260304050607"],
    ["a", "1999-12-31T23:59:59Z", "a-19991231235959"],
    ["every-5s", "2026-01-01T00:00:05.001Z", "every-5s-20260101000005"],
  ];
  for (const [schedule, time, name] of cases) {
    it(`names the run of "${schedule}" at ${time} "${name}"`, () => {
      assert.equal(timestampedBackupName(schedule, new Date(time)), name);
    });
  }
});

describe("buildScheduledBackup", () => {
  const base = (): ScheduleBuilder =>
    new ScheduleBuilder("velero", "nightly")
      .cron("@daily")
      .metadata({ uid: "sched-uid" })
      .labels({ team: "ops" })
      .annotations({ note: "keep" })
      .template({ includedNamespaces: ["app"], ttl: "72h0m0s", storageLocation: "default" });

  it("copies the template, the schedule's labels and annotations, and names the run", () => {
    const backup = buildScheduledBackup(base().build(), new Date("2026-05-06T07:08:09Z"));
    assert.deepEqual(backup, {
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: {
        name: "nightly-20260506070809",
        namespace: "velero",
        labels: { team: "ops", "velero.io/schedule-name": "nightly" },
        annotations: { note: "keep" },
      },
      spec: { includedNamespaces: ["app"], ttl: "72h0m0s", storageLocation: "default" },
    });
  });

  it("uses the template's labels instead of the schedule's when the template sets them", () => {
    const schedule = base()
      .template({ metadata: { labels: { tier: "db" } }, includedNamespaces: ["db"] })
      .build();
    const backup = buildScheduledBackup(schedule, new Date("2026-05-06T07:08:09Z"));
    assert.deepEqual(backup.metadata.labels, {
      tier: "db",
      "velero.io/schedule-name": "nightly",
    });
    assert.deepEqual(backup.spec.metadata, { labels: { tier: "db" } });
  });

  it("adds a controller owner reference only when useOwnerReferencesInBackup is true", () => {
    const owned = buildScheduledBackup(
      base().spec({ useOwnerReferencesInBackup: true }).build(),
      new Date(),
    );
    assert.deepEqual(owned.metadata.ownerReferences, [
      {
        apiVersion: "velero.io/v1",
        kind: "Schedule",
        name: "nightly",
        uid: "sched-uid",
        controller: true,
      },
    ]);
    const unowned = buildScheduledBackup(
      base().spec({ useOwnerReferencesInBackup: false }).build(),
      new Date(),
    );
    assert.equal(unowned.metadata.ownerReferences, undefined);
  });

  it("does not share the template object with the schedule", () => {
    const schedule = base().build();
    const backup = buildScheduledBackup(schedule, new Date());
    backup.spec.includedNamespaces?.push("other");
    assert.deepEqual(schedule.spec.template.includedNamespaces, ["app"]);
  });
});
