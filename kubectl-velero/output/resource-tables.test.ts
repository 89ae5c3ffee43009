import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BackupStorageLocationBuilder,
  RestoreBuilder,
  ScheduleBuilder,
  VolumeSnapshotLocationBuilder,
} from "../../lib/api/index.js";
import {
  renderBackupLocationTable,
  renderRestoreTable,
  renderScheduleTable,
  renderSnapshotLocationTable,
} from "./resource-tables.js";

const now = new Date("2026-01-10T00:00:00Z");

describe("restore, schedule and location tables", () => {
  it("prints restores with their backup, phase, times and counts", () => {
    const restore = new RestoreBuilder("velero", "r1")
      .backup("b1")
      .phase("Completed")
      .creationTimestamp("2026-01-09T00:00:00Z")
      .status({
        startTimestamp: "2026-01-09T00:00:01Z",
        completionTimestamp: "2026-01-09T00:00:09Z",
        warnings: 4,
      })
      .build();
    const pending = new RestoreBuilder("velero", "r2").backup("b1").build();
    assert.equal(
      renderRestoreTable([restore, pending]),
      "NAME   BACKUP   STATUS      STARTED                         COMPLETED                       ERRORS   WARNINGS   CREATED                         SELECTOR\n" +
        "r1     b1       Completed   2026-01-09 00:00:01 +0000 UTC   2026-01-09 00:00:09 +0000 UTC   0        4          2026-01-09 00:00:00 +0000 UTC   <none>\n" +
        "r2     b1       New         <nil>                           <nil>                           0        0          0001-01-01 00:00:00 +0000 UTC   <none>\n",
    );
  });

  it("prints schedules with the template TTL as a Go duration and the last backup's age", () => {
    const schedule = new ScheduleBuilder("velero", "daily")
      .cron("0 1 * * *")
      .template({ ttl: "72h", labelSelector: { matchLabels: { app: "web" } } })
      .phase("Enabled")
      .lastBackup("2026-01-09T01:00:00Z")
      .creationTimestamp("2026-01-01T00:00:00Z")
      .build();
    const paused = new ScheduleBuilder("velero", "weekly").cron("@every 168h").paused(true).build();
    assert.equal(
      renderScheduleTable([schedule, paused], now),
      "NAME     STATUS    CREATED                         SCHEDULE      BACKUP TTL   LAST BACKUP   SELECTOR   PAUSED\n" +
        "daily    Enabled   2026-01-01 00:00:00 +0000 UTC   0 1 * * *     72h0m0s      23h ago       app=web    false\n" +
        "weekly   New       0001-01-01 00:00:00 +0000 UTC   @every 168h   0s           n/a           <none>     true\n",
    );
  });

  it("prints backup locations with bucket/prefix, Unknown phase and a blank DEFAULT", () => {
    const main = new BackupStorageLocationBuilder("velero", "default")
      .provider("aws")
      .bucket("velero", "cluster-a")
      .isDefault(true)
      .phase("Available")
      .status({ lastValidationTime: "2026-01-09T23:59:00Z" })
      .build();
    const spare = new BackupStorageLocationBuilder("velero", "spare")
      .provider("gcp")
      .bucket("b2")
      .accessMode("ReadOnly")
      .build();
    assert.equal(
      renderBackupLocationTable([main, spare]),
      "NAME      PROVIDER   BUCKET/PREFIX      PHASE       LAST VALIDATED                  ACCESS MODE   DEFAULT\n" +
        "default   aws        velero/cluster-a   Available   2026-01-09 23:59:00 +0000 UTC   ReadWrite     true\n" +
        "spare     gcp        b2                 Unknown     Unknown                         ReadOnly      \n",
    );
  });

  it("prints snapshot locations with their provider", () => {
    const vsl = new VolumeSnapshotLocationBuilder("velero", "aws-east").provider("aws").build();
    assert.equal(renderSnapshotLocationTable([vsl]), "NAME       PROVIDER\naws-east   aws\n");
  });
});
