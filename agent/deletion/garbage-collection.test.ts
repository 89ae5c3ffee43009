import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BackupBuilder, BackupStorageLocationBuilder } from "../../lib/api/index.js";
import { checkBackupDeletable, checkLocationDeletable } from "./deletion-checks.js";
import { decideGarbageCollection, expiresInMs, type LocationLookup } from "./garbage-collection.js";

const now = new Date("2026-03-01T12:00:00Z");

function location(mode: "ReadOnly" | "ReadWrite", phase: "Available" | "Unavailable") {
  return new BackupStorageLocationBuilder("velero", "primary")
    .provider("aws")
    .bucket("b")
    .spec({ accessMode: mode })
    .status({ phase })
    .build();
}

function backup(expiration?: string) {
  const builder = new BackupBuilder("velero", "b1").storageLocation("primary");
  if (expiration !== undefined) builder.expiration(expiration);
  return builder.build();
}

describe("decideGarbageCollection", () => {
  const available: LocationLookup = { found: location("ReadWrite", "Available") };
  const cases: { name: string; expiration?: string; lookup: LocationLookup; want: unknown }[] = [
    { name: "keeps a backup that never expires", lookup: available, want: { action: "keep" } },
    {
      name: "keeps a backup that expires later and says when",
      expiration: "2026-03-01T12:00:30Z",
      lookup: available,
      want: { action: "keep", expiresInMs: 30_000 },
    },
    {
      name: "requests the deletion of a backup expiring right now",
      expiration: "2026-03-01T12:00:00Z",
      lookup: available,
      want: { action: "requestDeletion" },
    },
    {
      name: "labels BSLNotFound when the location is missing",
      expiration: "2026-03-01T00:00:00Z",
      lookup: { missing: true },
      want: { action: "markFailure", failure: "BSLNotFound" },
    },
    {
      name: "labels BSLCannotGet when the location cannot be read",
      expiration: "2026-03-01T00:00:00Z",
      lookup: { error: new Error("forbidden") },
      want: { action: "markFailure", failure: "BSLCannotGet" },
    },
    {
      name: "labels BSLReadOnly for a ReadOnly location",
      expiration: "2026-03-01T00:00:00Z",
      lookup: { found: location("ReadOnly", "Available") },
      want: { action: "markFailure", failure: "BSLReadOnly" },
    },
    {
      name: "retries later when the location is Unavailable",
      expiration: "2026-03-01T00:00:00Z",
      lookup: { found: location("ReadWrite", "Unavailable") },
      want: { action: "retryLater", reason: "backup storage location primary is unavailable" },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(decideGarbageCollection(backup(c.expiration), c.lookup, now), c.want);
    });
  }

  it("counts an expiration in the past as negative time left", () => {
    assert.equal(expiresInMs(backup("2026-03-01T11:59:00Z"), now), -60_000);
  });
});

describe("deletion checks", () => {
  const phases = [
    { phase: "InProgress", refused: true },
    { phase: "Finalizing", refused: true },
    { phase: "Completed", refused: false },
    { phase: "Failed", refused: false },
    { phase: "FailedValidation", refused: false },
  ] as const;
  for (const { phase, refused } of phases) {
    it(`${refused ? "refuses" : "allows"} deleting a ${phase} backup`, () => {
      const b = new BackupBuilder("velero", "b").phase(phase).build();
      assert.equal(checkBackupDeletable(b), refused ? "backup is still in progress" : undefined);
    });
  }

  it("refuses a missing, ReadOnly or Unavailable location with Velero's messages", () => {
    assert.equal(checkLocationDeletable("x", undefined), "backup storage location x not found");
    assert.match(
      checkLocationDeletable("primary", location("ReadOnly", "Available")) ?? "",
      /read-only mode/,
    );
    assert.match(
      checkLocationDeletable("primary", location("ReadWrite", "Unavailable")) ?? "",
      /Unavailable state/,
    );
    assert.equal(checkLocationDeletable("primary", location("ReadWrite", "Available")), undefined);
  });
});
