import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  binaryQuantity,
  canonicalQuantity,
  compareQuantities,
  parseQuantity,
  quantityBytes,
  quantityValue,
} from "./quantity.js";

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

describe("quantities as numbers", () => {
  it("reads quantities as bytes with binary and decimal suffixes, rounding up", () => {
    const cases: [string | number | undefined, number][] = [
      ["1Gi", 1073741824],
      ["512Ki", 524288],
      ["1M", 1_000_000],
      ["1.5Ki", 1536],
      ["1048576", 1048576],
      ["1e3", 1000],
      ["1500m", 2],
      [2048, 2048],
      [undefined, 0],
      ["lots", 0],
    ];
    for (const [input, bytes] of cases) assert.equal(quantityBytes(input), bytes, String(input));
  });

  it("prints bytes as binary-SI quantities, as resource.NewQuantity(n, BinarySI) does", () => {
    const cases: [number, string][] = [
      [1073741824, "1Gi"],
      [1536 * 1024, "1536Ki"],
      [1048576, "1Mi"],
      [1000, "1000"],
      [0, "0"],
    ];
    for (const [bytes, text] of cases) assert.equal(binaryQuantity(bytes), text);
  });

  it("reads fractional quantities exactly enough for resource field references", () => {
    const cases: [string, number][] = [
      ["500m", 0.5],
      ["100m", 0.1],
      ["250u", 0.00025],
      ["2", 2],
      ["1Gi", 1073741824],
      ["3k", 3000],
    ];
    for (const [text, value] of cases) assert.equal(quantityValue(text), value, text);
    assert.ok(Number.isNaN(quantityValue("lots")));
  });
});
