import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import { decodeChunk } from "./chunk-codec.js";
import { computeChunkId } from "./chunk-id.js";
import { ChunkWorkerPool } from "./chunk-worker-pool.js";
import { newRepositoryKeys } from "./crypto.js";

function owned(data: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(data.length);
  data.copy(copy);
  return copy;
}

describe("ChunkWorkerPool", () => {
  const keys = newRepositoryKeys();
  const pool = new ChunkWorkerPool(keys, 2);
  after(() => pool.close());

  const inputs: [string, Buffer][] = [
    ["compressible text", Buffer.alloc(200_000, "some repeated words ")],
    ["random bytes", randomBytes(100_000)],
  ];
  for (const [what, data] of inputs) {
    it(`hashes and encodes ${what} exactly as the main thread would decode it`, async () => {
      const hashed = await pool.hash(owned(data));
      assert.deepEqual(hashed.id, computeChunkId(keys.mac, data));
      assert.deepEqual(hashed.data, data);
      const encoded = await pool.encode(hashed.data);
      assert.deepEqual(decodeChunk(keys.encryption, encoded.sealed, encoded.flags), data);
      assert.equal(encoded.flags === 1, what === "compressible text");
    });
  }
});
