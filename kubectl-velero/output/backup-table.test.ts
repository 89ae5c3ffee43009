import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BackupBuilder } from "../../lib/api/index.js";
import { compareBackupNames, renderBackupTable } from "./backup-table.js";

const now = new Date("2026-01-10T00:00:00Z");

describe("backup get table", () => {
  it("prints Velero's columns with phase, counts, start time, expiry and selector", () => {
    const done = new BackupBuilder("velero", "nginx")
      .storageLocation("default")
      .labelSelector({ matchLabels: { app: "nginx" } })
      .phase("Completed")
      .startTimestamp("2026-01-09T12:00:00Z")
      .expiration("2026-02-08T12:00:00Z")
      .status({ errors: 1, warnings: 2 })
      .build();
    const fresh = new BackupBuilder("velero", "a-new").build();
    assert.equal(
      renderBackupTable([done, fresh], now),
      "NAME    STATUS      ERRORS   WARNINGS   CREATED                         EXPIRES   STORAGE LOCATION   QUEUE POSITION   SELECTOR\n" +
        "a-new   New         0        0          <nil>                           n/a                                           <none>\n" +
        "nginx   Completed   1        2          2026-01-09 12:00:00 +0000 UTC   29d       default                             app=nginx\n",
    );
  });

  it("shows Deleting once the backup has a deletion timestamp, queue positions and past expiry", () => {
    const backup = new BackupBuilder("velero", "old")
      .metadata({ deletionTimestamp: "2026-01-09T00:00:00Z" })
      .phase("Completed")
      .expiration("2026-01-08T00:00:00Z")
      .status({ queuePosition: 3 })
      .build();
    const line = renderBackupTable([backup], now).split("\n")[1] ?? "";
    assert.match(line, /^old\s+Deleting\s+0\s+0\s+<nil>\s+2d ago\s+3\s+<none>$/);
  });

  it("falls back to creation time plus TTL when the expiration is not set yet", () => {
    const backup = new BackupBuilder("velero", "b")
      .creationTimestamp("2026-01-09T00:00:00Z")
      .ttl("48h0m0s")
      .build();
    assert.match(renderBackupTable([backup], now), /\nb\s+New\s+0\s+0\s+<nil>\s+1d\s/);
  });

  it("sorts by name but lists one schedule's timestamped backups newest first", () => {
    const names = [
      "daily-20260101000000",
      "adhoc",
      "daily-20260103000000",
      "zeta",
      "daily-20260102000000",
    ];
    assert.deepEqual([...names].sort(compareBackupNames), [
      "adhoc",
      "daily-20260103000000",
      "daily-20260102000000",
      "daily-20260101000000",
      "zeta",
    ]);
  });

  it("adds -L label columns and --show-labels", () => {
    const backup = new BackupBuilder("velero", "b")
      .labels({ "velero.io/schedule-name": "daily", tier: "gold" })
      .build();
    const [header, row] = renderBackupTable([backup], now, {
      columnLabels: ["velero.io/schedule-name"],
      showLabels: true,
    }).split("\n");
    assert.match(header ?? "", /SELECTOR {3}SCHEDULE-NAME {3}LABELS$/);
    assert.match(row ?? "", /<none> {5}daily {11}tier=gold,velero.io\/schedule-name=daily$/);
  });

  it("prints nothing when there are no backups", () => {
    assert.equal(renderBackupTable([], now), "");
  });
});
