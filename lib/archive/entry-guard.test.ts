import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { entryDisposition, safeEntryPath } from "./entry-guard.js";
import { UnsafeArchiveEntryError } from "./errors.js";

describe("entry guard", () => {
  const normalised: [string, string][] = [
    ["resources/pods/cluster/x.json", "resources/pods/cluster/x.json"],
    ["./resources/pods/cluster/x.json", "resources/pods/cluster/x.json"],
    ["resources//pods/./cluster/x.json", "resources/pods/cluster/x.json"],
    ["resources/pods/", "resources/pods"],
    ["a..b/c..", "a..b/c.."],
  ];
  for (const [raw, path] of normalised) {
    it(`normalises ${JSON.stringify(raw)}`, () => {
      assert.equal(safeEntryPath(raw), path);
    });
  }

  const unsafe = [
    "../x",
    "resources/../../x",
    "resources/pods/..",
    "/etc/passwd",
    "//x",
    "",
    ".",
    "./",
    "a\0b",
  ];
  for (const raw of unsafe) {
    it(`refuses the path ${JSON.stringify(raw)}`, () => {
      assert.throws(() => safeEntryPath(raw), UnsafeArchiveEntryError);
    });
  }

  const types: [string, "file" | "directory" | "ignore" | "unsafe"][] = [
    ["File", "file"],
    ["OldFile", "file"],
    ["ContiguousFile", "file"],
    ["Directory", "directory"],
    ["SymbolicLink", "unsafe"],
    ["Link", "unsafe"],
    ["CharacterDevice", "unsafe"],
    ["BlockDevice", "unsafe"],
    ["FIFO", "unsafe"],
    ["SparseFile", "ignore"],
    ["Unsupported", "ignore"],
  ];
  for (const [type, expected] of types) {
    it(`treats a ${type} entry as ${expected}`, () => {
      if (expected === "unsafe") {
        assert.throws(() => entryDisposition(type, "p"), UnsafeArchiveEntryError);
      } else {
        assert.equal(entryDisposition(type, "p"), expected);
      }
    });
  }
});
