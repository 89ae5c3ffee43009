import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatReport, measure, median } from "./startup-bench.js";

describe("startup benchmark arithmetic", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it("reports each contender against the reference's median", () => {
    const report = formatReport(
      [
        { name: "kubectl", samples: [100, 110, 90] },
        { name: "plugin", samples: [150, 160, 140] },
      ],
      "kubectl",
    );
    assert.match(report, /\| kubectl \| 3 \| 100 \| 90 \| 1\.00× \|/);
    assert.match(report, /\| plugin \| 3 \| 150 \| 140 \| 1\.50× \|/);
  });

  it("times real processes round-robin, slow ones less often", () => {
    const timings = measure(
      [
        { name: "true", command: "true", args: [] },
        { name: "sometimes", command: "true", args: [], every: 2 },
      ],
      4,
    );
    assert.equal(timings[0]?.samples.length, 4);
    assert.equal(timings[1]?.samples.length, 2);
    assert.ok(timings.every((t) => t.samples.every((s) => s > 0)));
    assert.throws(
      () => measure([{ name: "false", command: "false", args: [] }], 1),
      /false failed/,
    );
  });
});
