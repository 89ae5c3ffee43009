import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { ChunkIndex } from "./chunk-index.js";
import { decodeIndexBlob, encodeIndexBlob, type PackIndexPart } from "./index-blob.js";
import { PackEntryList } from "./pack-format.js";

function idOf(n: number): Buffer {
  return createHash("sha256").update(String(n)).digest();
}

function location(n: number): {
  packId: string;
  offset: number;
  length: number;
  rawLength: number;
  flags: number;
} {
  return {
    packId: (n % 3).toString(16).padStart(32, "0"),
    offset: n * 10,
    length: n + 1,
    rawLength: n + 2,
    flags: n % 2,
  };
}

function partsOf(numbers: number[]): PackIndexPart[] {
  const byPack = new Map<string, PackEntryList>();
  for (const n of numbers) {
    const { packId, ...rest } = location(n);
    if (!byPack.has(packId)) byPack.set(packId, new PackEntryList());
    byPack.get(packId)!.push(idOf(n), rest);
  }
  return [...byPack].map(([packId, entries]) => ({ packId, entries }));
}

describe("ChunkIndex", () => {
  it("finds every one of 20,000 chunks and nothing else", () => {
    const index = new ChunkIndex();
    for (let n = 0; n < 20_000; n++) assert.equal(index.add(idOf(n), location(n)), true);
    assert.equal(index.size, 20_000);
    for (const n of [0, 1, 9_999, 19_999]) assert.deepEqual(index.lookup(idOf(n)), location(n));
    assert.equal(index.lookup(idOf(20_000)), undefined);
    assert.equal(index.has(idOf(-1)), false);
  });

  it("keeps the first location when an id is added twice", () => {
    const index = new ChunkIndex();
    index.add(idOf(1), location(1));
    assert.equal(index.add(idOf(1), location(2)), false);
    assert.deepEqual(index.lookup(idOf(1)), location(1));
    assert.equal(index.size, 1);
  });

  it("merges index blobs from several sessions into one index", () => {
    const a = encodeIndexBlob(partsOf([0, 1, 2]));
    const b = encodeIndexBlob(partsOf([2, 3]));
    const merged = new ChunkIndex();
    decodeIndexBlob(a, merged);
    decodeIndexBlob(b, merged);
    assert.equal(merged.size, 4);
    for (const n of [0, 1, 2, 3]) assert.deepEqual(merged.lookup(idOf(n)), location(n));
    assert.deepEqual(merged.packs().sort(), [0, 1, 2].map((n) => location(n).packId).sort());
  });

  it("takes over a session's entries when merged into an empty index, leaving the session empty", () => {
    const session = new ChunkIndex();
    for (let n = 0; n < 3_000; n++) session.add(idOf(n), location(n));
    const merged = new ChunkIndex();
    merged.merge(session);
    assert.equal(merged.size, 3_000);
    assert.equal(session.size, 0);
    assert.equal(session.has(idOf(1)), false);
    for (const n of [0, 1_500, 2_999]) assert.deepEqual(merged.lookup(idOf(n)), location(n));
    merged.add(idOf(3_000), location(3_000));
    assert.deepEqual(merged.lookup(idOf(3_000)), location(3_000));
    session.add(idOf(5), location(5));
    assert.deepEqual(session.lookup(idOf(5)), location(5));
  });

  it("merges a session into a non-empty index by copying what is new", () => {
    const index = new ChunkIndex();
    index.add(idOf(0), location(0));
    const session = new ChunkIndex();
    session.add(idOf(0), location(7));
    session.add(idOf(1), location(1));
    index.merge(session);
    assert.equal(index.size, 2);
    assert.deepEqual(index.lookup(idOf(0)), location(0));
    assert.deepEqual(index.lookup(idOf(1)), location(1));
  });

  it("decodes a 60,000-entry index blob with every location intact", () => {
    const numbers = Array.from({ length: 60_000 }, (_, n) => n);
    const index = new ChunkIndex();
    decodeIndexBlob(encodeIndexBlob(partsOf(numbers)), index);
    assert.equal(index.size, 60_000);
    for (const n of [0, 1, 30_001, 59_999]) assert.deepEqual(index.lookup(idOf(n)), location(n));
  });

  it("refuses an index blob entry that names a pack the blob does not list", () => {
    const blob = encodeIndexBlob(partsOf([1]));
    blob.writeUInt32LE(5, blob.length - 49 + 32);
    assert.throws(() => {
      decodeIndexBlob(blob, new ChunkIndex());
    }, /unknown pack/);
  });

  it("refuses a truncated index blob", () => {
    const blob = encodeIndexBlob(partsOf([1]));
    assert.throws(() => {
      decodeIndexBlob(blob.subarray(0, blob.length - 1), new ChunkIndex());
    });
  });
});
