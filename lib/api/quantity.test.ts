import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalQuantity, compareQuantities, parseQuantity } from "./quantity.js";

describe("resource quantities", () => {
  const canonical: [string, string][] = [
    ["1000m", "1"],
    ["500m", "500m"],
    ["0.5", "500m"],
    ["1500m", "1500m"],
    ["2000", "2k"],
    ["128Mi", "128Mi"],
    ["512Mi", "512Mi"],
    ["1024Mi", "1Gi"],
    ["1536Mi", "1536Mi"],
    ["0.5Gi", "512Mi"],
    ["1.5Ki", "1536"],
    ["12e6", "12e6"],
    ["0", "0"],
    ["0Mi", "0"],
    ["1n", "1n"],
    ["0.1n", "1n"],
  ];
  for (const [input, want] of canonical) {
    it(`prints ${input} as the API server does: ${want}`, () => {
      assert.equal(canonicalQuantity(input), want);
    });
  }

  it("compares quantities by value across suffixes", () => {
    assert.equal(compareQuantities(parseQuantity("1"), parseQuantity("1000m")), 0);
    assert.equal(compareQuantities(parseQuantity("1Gi"), parseQuantity("1024Mi")), 0);
    assert.equal(compareQuantities(parseQuantity("500m"), parseQuantity("1")), -1);
    assert.equal(compareQuantities(parseQuantity("1G"), parseQuantity("1Gi")), -1);
  });

  for (const bad of ["", "abc", "1.2.3", "5x", "Mi", "1 Gi", "--1"]) {
    it(`rejects "${bad}" with a message that shows examples`, () => {
      assert.throws(() => parseQuantity(bad), /is not a valid quantity \(examples: 500m/);
    });
  }
});
