import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatObjects } from "./format.js";
import { formatGoTime, shortHumanDuration } from "./human-duration.js";
import { renderTable } from "./table.js";

describe("output", () => {
  it("aligns columns like kubectl's printer and upper-cases headers", () => {
    const text = renderTable({
      headers: ["name", "status"],
      rows: [
        ["a", "Completed"],
        ["longer-name", "New\nsecond line"],
      ],
    });
    assert.equal(text, "NAME          STATUS\na             Completed\nlonger-name   New...\n");
  });

  it("prints nothing for a table without rows", () => {
    assert.equal(renderTable({ headers: ["name"], rows: [] }), "");
  });

  const durations: [number, string][] = [
    [-5000, "<invalid>"],
    [-500, "0s"],
    [59_000, "59s"],
    [3_600_000 * 5, "5h"],
    [86_400_000 * 3, "3d"],
    [86_400_000 * 800, "2y"],
  ];
  for (const [ms, want] of durations) {
    it(`prints ${ms} ms as ${want}`, () => {
      assert.equal(shortHumanDuration(ms), want);
    });
  }

  it("prints times as Go's time.String in UTC", () => {
    assert.equal(formatGoTime("2024-01-02T03:04:05Z"), "2024-01-02 03:04:05 +0000 UTC");
  });

  it("prints one object bare and several as a v1 List, YAML with sorted keys", () => {
    assert.equal(formatObjects([{ b: 1, a: 2 }], "yaml"), "a: 2\nb: 1\n");
    const list = JSON.parse(formatObjects([{ a: 1 }, { a: 2 }], "json")) as { kind: string };
    assert.equal(list.kind, "List");
  });
});
