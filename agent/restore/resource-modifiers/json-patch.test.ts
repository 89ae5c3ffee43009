import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonValue } from "../json-merge-patch.js";
import { PatchError, PatchMissingPathError, PatchTestFailedError } from "./errors.js";
import { applyJsonPatch, parsePointer, type JsonPatchOperation } from "./json-patch.js";
import { jsonAt, namesAt } from "./testing/json-at.js";

const doc = (): JsonValue => ({
  metadata: { name: "web", labels: { app: "web", "a/b": "x", "m~n": "y" } },
  spec: { replicas: 1, containers: [{ name: "c0" }, { name: "c1" }] },
});

describe("applyJsonPatch", () => {
  const cases: [string, JsonPatchOperation[], (d: JsonValue) => unknown, unknown][] = [
    [
      "add sets a new object member",
      [{ op: "add", path: "/spec/paused", value: true }],
      (d) => jsonAt(d, "spec.paused"),
      true,
    ],
    [
      "add replaces an existing member",
      [{ op: "add", path: "/spec/replicas", value: 3 }],
      (d) => jsonAt(d, "spec.replicas"),
      3,
    ],
    [
      "add inserts before an array index",
      [{ op: "add", path: "/spec/containers/1", value: { name: "x" } }],
      (d) => namesAt(d, "spec.containers"),
      ["c0", "x", "c1"],
    ],
    [
      "add with - appends to an array",
      [{ op: "add", path: "/spec/containers/-", value: { name: "x" } }],
      (d) => namesAt(d, "spec.containers"),
      ["c0", "c1", "x"],
    ],
    [
      "add at the array length appends",
      [{ op: "add", path: "/spec/containers/2", value: { name: "x" } }],
      (d) => jsonAt(d, "spec.containers.length"),
      3,
    ],
    [
      "add with a negative index counts from the end",
      [{ op: "add", path: "/spec/containers/-1", value: { name: "x" } }],
      (d) => namesAt(d, "spec.containers"),
      ["c0", "x", "c1"],
    ],
    [
      "remove deletes a member",
      [{ op: "remove", path: "/metadata/labels/app" }],
      (d) => jsonAt(d, "metadata.labels"),
      { "a/b": "x", "m~n": "y" },
    ],
    [
      "remove deletes an array element",
      [{ op: "remove", path: "/spec/containers/0" }],
      (d) => jsonAt(d, "spec.containers"),
      [{ name: "c1" }],
    ],
    [
      "remove decodes ~1 and ~0 in tokens",
      [
        { op: "remove", path: "/metadata/labels/a~1b" },
        { op: "remove", path: "/metadata/labels/m~0n" },
      ],
      (d) => jsonAt(d, "metadata.labels"),
      { app: "web" },
    ],
    [
      "replace sets an existing member",
      [{ op: "replace", path: "/spec/containers/1/name", value: "z" }],
      (d) => jsonAt(d, "spec.containers.1.name"),
      "z",
    ],
    [
      "replace can set null",
      [{ op: "replace", path: "/spec/replicas", value: null }],
      (d) => jsonAt(d, "spec.replicas"),
      null,
    ],
    [
      "move relocates a value",
      [{ op: "move", from: "/metadata/labels/app", path: "/metadata/labels/role" }],
      (d) =>
        jsonAt(d, "metadata.labels.role") === "web" &&
        jsonAt(d, "metadata.labels.app") === undefined,
      true,
    ],
    [
      "copy duplicates a value deeply",
      [
        { op: "copy", from: "/spec/containers/0", path: "/spec/containers/-" },
        { op: "replace", path: "/spec/containers/2/name", value: "copy" },
      ],
      (d) => namesAt(d, "spec.containers"),
      ["c0", "c1", "copy"],
    ],
    [
      "test passes on an equal value and later operations apply",
      [
        { op: "test", path: "/spec/replicas", value: 1 },
        { op: "replace", path: "/spec/replicas", value: 2 },
      ],
      (d) => jsonAt(d, "spec.replicas"),
      2,
    ],
    [
      "test of a missing member against null passes",
      [{ op: "test", path: "/spec/missing", value: null }],
      (d) => jsonAt(d, "spec.replicas"),
      1,
    ],
    [
      "test compares objects by value",
      [{ op: "test", path: "/spec/containers/0", value: { name: "c0" } }],
      (d) => jsonAt(d, "spec.containers.length"),
      2,
    ],
  ];
  for (const [name, operations, pick, want] of cases) {
    it(name, () => {
      const input = doc();
      const result = applyJsonPatch(input, operations);
      assert.deepEqual(pick(result), want);
      assert.deepEqual(input, doc(), "the input is not changed");
    });
  }

  const failures: [string, JsonPatchOperation[], new (m: string) => Error, RegExp][] = [
    [
      "a test of another value fails as a test failure",
      [{ op: "test", path: "/spec/replicas", value: 2 }],
      PatchTestFailedError,
      /test failed/,
    ],
    [
      "a test of a string against a number fails",
      [{ op: "test", path: "/spec/replicas", value: "1" }],
      PatchTestFailedError,
      /test failed/,
    ],
    [
      "a test under a missing parent is a missing path",
      [{ op: "test", path: "/spec/nope/x", value: 1 }],
      PatchMissingPathError,
      /missing path/,
    ],
    [
      "replace of a missing member is a missing path",
      [{ op: "replace", path: "/spec/nope", value: 1 }],
      PatchMissingPathError,
      /missing key/,
    ],
    [
      "remove of a missing member is a missing path",
      [{ op: "remove", path: "/metadata/annotations" }],
      PatchMissingPathError,
      /missing/,
    ],
    [
      "add under a missing parent is a missing path",
      [{ op: "add", path: "/status/phase", value: "x" }],
      PatchMissingPathError,
      /missing path/,
    ],
    [
      "add beyond the array end is out of range",
      [{ op: "add", path: "/spec/containers/5", value: 1 }],
      PatchMissingPathError,
      /out of range/,
    ],
    [
      "replace at the array length is out of range",
      [{ op: "replace", path: "/spec/containers/2", value: 1 }],
      PatchMissingPathError,
      /out of range/,
    ],
    [
      "a non-numeric array index is an error",
      [{ op: "replace", path: "/spec/containers/x", value: 1 }],
      PatchError,
      /invalid array index/,
    ],
    [
      "move from a missing member is a missing path",
      [{ op: "move", from: "/spec/nope", path: "/spec/x" }],
      PatchMissingPathError,
      /missing/,
    ],
    [
      "a pointer without a leading slash is an error",
      [{ op: "add", path: "spec", value: 1 }],
      PatchError,
      /does not start with/,
    ],
  ];
  for (const [name, operations, type, message] of failures) {
    it(name, () => {
      assert.throws(
        () => applyJsonPatch(doc(), operations),
        (error: unknown) => {
          assert.ok(error instanceof type, `got ${String(error)}`);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it("applies nothing when a later operation fails (the patch is atomic)", () => {
    const input = doc();
    assert.throws(() =>
      applyJsonPatch(input, [
        { op: "replace", path: "/spec/replicas", value: 9 },
        { op: "test", path: "/metadata/name", value: "other" },
      ]),
    );
    assert.deepEqual(input, doc());
  });
});

describe("parsePointer", () => {
  it("splits and unescapes tokens, and the empty pointer is the whole document", () => {
    assert.deepEqual(parsePointer("/a~1b/~0c/0"), ["a/b", "~c", "0"]);
    assert.deepEqual(parsePointer(""), []);
  });
});
