import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { Chunker, CutFinder, type ChunkerParams } from "./chunker.js";

const params: ChunkerParams = { min: 2048, avg: 8192, max: 32768 };
const seed = Buffer.alloc(32, 7);

function chunkAll(data: Buffer, blockSize: number): Buffer[] {
  const chunker = new Chunker(new CutFinder(params, seed));
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += blockSize) {
    out.push(...chunker.push(data.subarray(at, at + blockSize)));
  }
  return [...out, ...chunker.finish()];
}

describe("Chunker", () => {
  const data = randomBytes(1 << 20);

  it("cuts the same data at the same places whatever the read sizes", () => {
    const a = chunkAll(data, 1000).map((c) => c.length);
    const b = chunkAll(data, 65536).map((c) => c.length);
    assert.deepEqual(a, b);
    assert.equal(
      a.reduce((x, y) => x + y, 0),
      data.length,
    );
  });

  it("keeps every chunk between min and max, except the last", () => {
    const chunks = chunkAll(data, 4096);
    for (const chunk of chunks.slice(0, -1)) {
      assert.ok(chunk.length >= params.min && chunk.length <= params.max, `${chunk.length}`);
    }
    assert.ok(chunks.length > data.length / params.max);
  });

  it("resists a shift: inserting bytes at the front changes only the first chunks", () => {
    const before = new Set(chunkAll(data, 8192).map((c) => c.toString("hex")));
    const shifted = chunkAll(Buffer.concat([randomBytes(100), data]), 8192);
    const same = shifted.filter((c) => before.has(c.toString("hex"))).length;
    assert.ok(same >= shifted.length - 3, `${same} of ${shifted.length} chunks unchanged`);
  });

  it("depends on the seed, so another repository cuts elsewhere", () => {
    const other = new Chunker(new CutFinder(params, Buffer.alloc(32, 8)));
    const lengths = [...other.push(data), ...other.finish()].map((c) => c.length);
    assert.notDeepEqual(
      lengths,
      chunkAll(data, 4096).map((c) => c.length),
    );
  });

  it("cuts a run of zeros at max size", () => {
    const chunks = chunkAll(Buffer.alloc(params.max * 3), 10_000);
    assert.deepEqual(
      chunks.map((c) => c.length),
      [params.max, params.max, params.max],
    );
  });

  it("rejects parameters whose average is not a power of two", () => {
    assert.throws(() => new CutFinder({ min: 1, avg: 1000, max: 5000 }, seed), RangeError);
  });
});
