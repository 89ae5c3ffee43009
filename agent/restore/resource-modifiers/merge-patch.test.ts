import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonValue } from "../json-merge-patch.js";
import { applyMergePatch } from "./merge-patch.js";

describe("applyMergePatch (RFC 7386)", () => {
  const cases: [string, JsonValue, JsonValue, JsonValue][] = [
    ["sets a member", { a: "b" }, { a: "c" }, { a: "c" }],
    ["adds a member", { a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    ["removes a member set to null", { a: "b", b: "c" }, { a: null }, { b: "c" }],
    ["ignores null for an absent member", { a: "b" }, { z: null }, { a: "b" }],
    ["replaces arrays whole", { a: [1, 2] }, { a: [3] }, { a: [3] }],
    [
      "merges nested objects",
      { m: { labels: { x: "1", y: "2" } } },
      { m: { labels: { y: null, z: "3" } } },
      { m: { labels: { x: "1", z: "3" } } },
    ],
    ["drops nulls inside a new object", {}, { a: { b: null, c: 1 } }, { a: { c: 1 } }],
    ["replaces a scalar with an object", { a: "x" }, { a: { b: 1 } }, { a: { b: 1 } }],
    ["a non-object patch replaces the document", { a: 1 }, [1], [1]],
  ];
  for (const [name, target, patch, want] of cases) {
    it(name, () => {
      const before = structuredClone(target);
      assert.deepEqual(applyMergePatch(target, patch), want);
      assert.deepEqual(target, before, "the target is not changed");
    });
  }
});
