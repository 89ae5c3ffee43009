import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { getValidLabelValue } from "./labels.js";

describe("getValidLabelValue", () => {
  const long = "a".repeat(64);
  const cases: readonly [string, string, string][] = [
    ["keeps a short name", "nightly-20240301020000", "nightly-20240301020000"],
    ["keeps an empty name", "", ""],
    ["keeps a name of exactly 63 characters", "b".repeat(63), "b".repeat(63)],
    [
      "cuts a 64-character name to 57 characters and 6 hex digits of its SHA-256",
      long,
      "a".repeat(57) + createHash("sha256").update(long).digest("hex").slice(0, 6),
    ],
    [
      "hashes the whole name, not only the kept prefix",
      "x".repeat(57) + "-tail-that-is-dropped",
      "x".repeat(57) +
        createHash("sha256")
          .update("x".repeat(57) + "-tail-that-is-dropped")
          .digest("hex")
          .slice(0, 6),
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const value = getValidLabelValue(input);
      assert.equal(value, expected);
      assert.ok(value.length <= 63);
    });
  }

  it("matches a value computed independently for a known backup name", () => {
    const name = "schedule-with-a-really-long-name-that-goes-past-the-limit-20240301020000";
    assert.equal(
      getValidLabelValue(name),
      `${name.slice(0, 57)}${createHash("sha256").update(name).digest("hex").slice(0, 6)}`,
    );
    assert.equal(getValidLabelValue(name).length, 63);
  });
});
