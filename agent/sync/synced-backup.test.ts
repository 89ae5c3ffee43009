import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BackupBuilder,
  STORAGE_LOCATION_LABEL,
  type BackupPhase,
  type OwnerReference,
} from "../../lib/api/index.js";
import { acknowledgeSyncPatch } from "./sync-request.js";
import { filterScheduleOwnerReferences, prepareSyncedBackup } from "./synced-backup.js";

const now = new Date("2026-03-01T12:00:00Z");
const target = { namespace: "velero", locationName: "here" };

function stored(phase: BackupPhase, expiration = "2026-03-02T00:00:00Z") {
  return new BackupBuilder("elsewhere", "b1")
    .metadata({ uid: "u1", resourceVersion: "9", creationTimestamp: "2026-02-01T00:00:00Z" })
    .storageLocation("there")
    .phase(phase)
    .expiration(expiration)
    .build();
}

describe("prepareSyncedBackup", () => {
  it("moves a finished backup to this namespace and location and clears server fields", () => {
    const backup = prepareSyncedBackup(stored("Completed"), target, now);
    assert.ok(backup !== undefined);
    assert.equal(backup.metadata.namespace, "velero");
    assert.equal(backup.metadata.uid, undefined);
    assert.equal(backup.metadata.resourceVersion, undefined);
    assert.equal(backup.metadata.creationTimestamp, undefined);
    assert.equal(backup.spec.storageLocation, "here");
    assert.equal(backup.metadata.labels?.[STORAGE_LOCATION_LABEL], "here");
    assert.equal(backup.status?.phase, "Completed");
  });

  const unfinished: BackupPhase[] = [
    "WaitingForPluginOperations",
    "WaitingForPluginOperationsPartiallyFailed",
    "Finalizing",
    "FinalizingPartiallyFailed",
  ];
  for (const phase of unfinished) {
    it(`skips a ${phase} backup until it expires, then syncs it as PartiallyFailed`, () => {
      assert.equal(prepareSyncedBackup(stored(phase), target, now), undefined);
      const expired = prepareSyncedBackup(stored(phase, "2026-03-01T00:00:00Z"), target, now);
      assert.equal(expired?.status?.phase, "PartiallyFailed");
    });
  }
});

describe("filterScheduleOwnerReferences", () => {
  const ref = (kind: string, name: string, uid: string): OwnerReference => ({
    apiVersion: "velero.io/v1",
    kind,
    name,
    uid,
  });
  it("keeps a schedule reference only when this cluster has that schedule with that UID", () => {
    const refs = [ref("Schedule", "a", "1"), ref("Schedule", "b", "2"), ref("Other", "c", "3")];
    const schedules = new Map([
      ["a", "1"],
      ["b", "other-uid"],
    ]);
    assert.deepEqual(filterScheduleOwnerReferences(refs, schedules), [
      ref("Schedule", "a", "1"),
      ref("Other", "c", "3"),
    ]);
    assert.equal(filterScheduleOwnerReferences(undefined, schedules), undefined);
  });
});

describe("acknowledgeSyncPatch", () => {
  it("tests the request value before removing it and records the sync time", () => {
    assert.deepEqual(acknowledgeSyncPatch("r1", now), [
      { op: "test", path: "/metadata/annotations/velero.io~1sync-requested", value: "r1" },
      { op: "remove", path: "/metadata/annotations/velero.io~1sync-requested" },
      { op: "add", path: "/status/lastSyncedTime", value: "2026-03-01T12:00:00Z" },
    ]);
  });
});
