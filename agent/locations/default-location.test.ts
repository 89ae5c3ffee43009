import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BackupStorageLocationBuilder } from "../../lib/api/index.js";
import { chooseDefaultLocation } from "./default-location.js";

function bsl(name: string, isDefault: boolean, created: string) {
  return new BackupStorageLocationBuilder("velero", name)
    .provider("aws")
    .bucket("b")
    .isDefault(isDefault)
    .creationTimestamp(created)
    .build();
}

describe("chooseDefaultLocation", () => {
  it("keeps the newest of several defaults and unsets the others", () => {
    const choice = chooseDefaultLocation([
      bsl("old", true, "2026-01-01T00:00:00Z"),
      bsl("newest", true, "2026-03-01T00:00:00Z"),
      bsl("middle", true, "2026-02-01T00:00:00Z"),
      bsl("plain", false, "2026-04-01T00:00:00Z"),
    ]);
    assert.deepEqual(choice, { defaultName: "newest", unset: ["old", "middle"] });
  });

  it("keeps a single default as it is", () => {
    const choice = chooseDefaultLocation([
      bsl("a", false, "2026-01-01T00:00:00Z"),
      bsl("b", true, "2026-01-01T00:00:00Z"),
    ]);
    assert.deepEqual(choice, { defaultName: "b", unset: [] });
  });

  it("lets the first listed win a creation-time tie", () => {
    const choice = chooseDefaultLocation([
      bsl("a", true, "2026-01-01T00:00:00Z"),
      bsl("b", true, "2026-01-01T00:00:00Z"),
    ]);
    assert.deepEqual(choice, { defaultName: "a", unset: ["b"] });
  });

  it("chooses none when no location is marked default", () => {
    assert.deepEqual(chooseDefaultLocation([bsl("a", false, "2026-01-01T00:00:00Z")]), {
      defaultName: undefined,
      unset: [],
    });
  });
});
