import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyJsonPatch } from "./json-patch.js";
import { applyMergePatch } from "./json-merge-patch.js";
import { PatchError } from "./patch-error.js";

describe("JSON patch", () => {
  const doc = { metadata: { labels: { a: "1" } }, spec: { list: [1, 2, 3] } };

  it("adds, replaces, removes, moves, copies and tests in order", () => {
    const result = applyJsonPatch(doc, [
      { op: "add", path: "/metadata/labels/b", value: "2" },
      { op: "replace", path: "/metadata/labels/a", value: "x" },
      { op: "remove", path: "/spec/list/0" },
      { op: "add", path: "/spec/list/-", value: 4 },
      { op: "copy", from: "/metadata/labels/b", path: "/metadata/labels/c" },
      { op: "move", from: "/metadata/labels/c", path: "/metadata/labels/d~1e" },
      { op: "test", path: "/spec/list", value: [2, 3, 4] },
    ]);
    assert.deepEqual(result, {
      metadata: { labels: { a: "x", b: "2", "d/e": "2" } },
      spec: { list: [2, 3, 4] },
    });
    assert.deepEqual(doc.spec.list, [1, 2, 3], "the input is not modified");
  });

  it("fails a failed test and a missing path with the library's wording", () => {
    assert.throws(
      () => applyJsonPatch(doc, [{ op: "test", path: "/spec/list", value: [] }]),
      /testing value \/spec\/list failed/,
    );
    assert.throws(() => applyJsonPatch(doc, [{ op: "remove", path: "/spec/nothing" }]), PatchError);
    assert.throws(
      () => applyJsonPatch(doc, [{ op: "replace", path: "/nothing/here", value: 1 }]),
      /doc is missing path/,
    );
  });

  it("rejects a patch that is not a list as malformed", () => {
    assert.throws(
      () => applyJsonPatch(doc, { op: "add" }),
      (error) => error instanceof PatchError && error.malformed,
    );
  });
});

describe("JSON merge patch", () => {
  it("merges objects, deletes with null and replaces lists", () => {
    assert.deepEqual(
      applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: null, d: 3 }, l: [9] }),
      { a: { b: 1, d: 3 }, l: [9] },
    );
  });
});
