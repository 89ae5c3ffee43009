import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BackupStorageLocationBuilder, type BackupStorageLocation } from "../../lib/api/index.js";
import { syncDueInMs, syncPeriodMs, validationDueInMs } from "./location-schedule.js";

const now = new Date("2026-01-01T12:00:00Z");
const minute = 60_000;

function bsl(spec: Partial<BackupStorageLocation["spec"]>, status: object = {}) {
  return new BackupStorageLocationBuilder("velero", "l")
    .provider("aws")
    .bucket("b")
    .spec(spec)
    .status(status)
    .build();
}

describe("validationDueInMs", () => {
  const cases: [string, BackupStorageLocation, number | undefined][] = [
    ["a never-validated location is due now", bsl({}), 0],
    [
      "a never-validated location is due now even with frequency 0",
      bsl({ validationFrequency: "0s" }),
      0,
    ],
    [
      "frequency 0 after a first validation means never again",
      bsl({ validationFrequency: "0s" }, { lastValidationTime: "2026-01-01T11:00:00Z" }),
      undefined,
    ],
    [
      "the agent default applies when the spec sets none",
      bsl({}, { lastValidationTime: "2026-01-01T11:59:30Z" }),
      30_000,
    ],
    [
      "the spec's frequency wins over the default",
      bsl({ validationFrequency: "5m0s" }, { lastValidationTime: "2026-01-01T11:59:00Z" }),
      4 * minute,
    ],
    [
      "a negative frequency falls back to the default",
      bsl({ validationFrequency: "-5m" }, { lastValidationTime: "2026-01-01T11:59:30Z" }),
      30_000,
    ],
    [
      "a validation long ago is due now",
      bsl({}, { lastValidationTime: "2025-12-01T00:00:00Z" }),
      0,
    ],
  ];
  for (const [name, location, expected] of cases) {
    it(name, () => {
      assert.equal(validationDueInMs(location, minute, now), expected);
    });
  }
});

describe("syncDueInMs and syncPeriodMs", () => {
  const cases: [string, BackupStorageLocation, number | undefined][] = [
    ["a never-synced location is due now", bsl({}), 0],
    ["backupSyncPeriod 0s disables periodic sync", bsl({ backupSyncPeriod: "0s" }), undefined],
    [
      "the default period counts from lastSyncedTime",
      bsl({}, { lastSyncedTime: "2026-01-01T11:59:45Z" }),
      45_000,
    ],
    [
      "the spec's period wins",
      bsl({ backupSyncPeriod: "10s" }, { lastSyncedTime: "2026-01-01T11:59:55Z" }),
      5_000,
    ],
    [
      "an overdue location is due now",
      bsl({ backupSyncPeriod: "10s" }, { lastSyncedTime: "2026-01-01T11:00:00Z" }),
      0,
    ],
  ];
  for (const [name, location, expected] of cases) {
    it(name, () => {
      assert.equal(syncDueInMs(location, minute, now), expected);
    });
  }

  it("reports the period itself", () => {
    assert.equal(syncPeriodMs(bsl({ backupSyncPeriod: "1h0m0s" }), minute), 3_600_000);
    assert.equal(syncPeriodMs(bsl({}), minute), minute);
    assert.equal(syncPeriodMs(bsl({ backupSyncPeriod: "-1s" }), minute), minute);
  });
});
