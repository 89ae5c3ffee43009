import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseColonMap, parseKeyValueMap, parseStringList } from "./string-list.js";

describe("list and map flags", () => {
  it("splits on commas and appends repeated flags", () => {
    assert.deepEqual(parseStringList("c", parseStringList("a, b,,", undefined)), ["a", "b", "c"]);
  });

  it("parses k=v maps, keeping '=' inside values", () => {
    assert.deepEqual(parseKeyValueMap("a=1,b=x=y", undefined), { a: "1", b: "x=y" });
  });

  it("parses namespace mappings and rejects a pair without a colon", () => {
    assert.deepEqual(parseColonMap("src:dst,a:b", undefined), { src: "dst", a: "b" });
    assert.throws(() => parseColonMap("nocolon", undefined), /"nocolon" is not a key:value pair/);
  });
});
