import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMergePatch, jsonEqual } from "./json-merge-patch.js";

describe("jsonEqual", () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ["ignores key order", { a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }, true],
    ["compares arrays in order", [1, 2], [2, 1], false],
    ["treats undefined members as absent", { a: 1, b: undefined }, { a: 1 }, true],
    ["tells null from absent", { a: null }, {}, false],
    ["tells an object from an array", {}, [], false],
    ["tells strings from numbers", { a: "1" }, { a: 1 }, false],
  ];
  for (const [name, a, b, want] of cases) {
    it(name, () => {
      assert.equal(jsonEqual(a, b), want);
      assert.equal(jsonEqual(b, a), want);
    });
  }
});

describe("createMergePatch", () => {
  it("sets changed members, recurses into objects, replaces arrays and nulls removed members", () => {
    const original = {
      metadata: { labels: { a: "1", b: "2" }, name: "x" },
      data: { k: "v" },
      list: [1, 2],
    };
    const modified = {
      metadata: { labels: { a: "1", c: "3" }, name: "x" },
      list: [1],
      extra: true,
    };
    assert.deepEqual(createMergePatch(original, modified), {
      metadata: { labels: { b: null, c: "3" } },
      list: [1],
      extra: true,
      data: null,
    });
  });

  it("returns undefined when nothing differs", () => {
    assert.equal(createMergePatch({ a: { b: [1] } }, { a: { b: [1] } }), undefined);
  });

  it("replaces a member whose type changes", () => {
    assert.deepEqual(createMergePatch({ a: "x" }, { a: { b: 1 } }), { a: { b: 1 } });
  });
});
