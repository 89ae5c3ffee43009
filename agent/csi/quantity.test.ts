import assert from "node:assert/strict";
import { test } from "node:test";
import { binaryQuantity, quantityBytes } from "./quantity.js";

test("quantities parse into bytes with binary and decimal suffixes", () => {
  const cases: [string | number | undefined, number][] = [
    ["1Gi", 1073741824],
    ["512Ki", 524288],
    ["1M", 1_000_000],
    ["1.5Ki", 1536],
    ["1048576", 1048576],
    ["1e3", 1000],
    [2048, 2048],
    [undefined, 0],
    ["lots", 0],
  ];
  for (const [input, bytes] of cases) assert.equal(quantityBytes(input), bytes, String(input));
});

test("bytes print as binary-SI quantities, as resource.NewQuantity(n, BinarySI) does", () => {
  const cases: [number, string][] = [
    [1073741824, "1Gi"],
    [1536 * 1024, "1536Ki"],
    [1048576, "1Mi"],
    [1000, "1000"],
    [0, "0"],
  ];
  for (const [bytes, text] of cases) assert.equal(binaryQuantity(bytes), text);
});
