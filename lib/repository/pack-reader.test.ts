import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryObjectStore, readObject } from "../storage/index.js";
import { ChunkFetcher } from "./chunk-fetcher.js";
import { ChunkIndex } from "./chunk-index.js";
import { ChunkWriter } from "./chunk-writer.js";
import { newRepositoryKeys } from "./crypto.js";
import { CorruptPackError, MissingPackError } from "./errors.js";
import { RepositoryLayout } from "./layout.js";
import { PackReader } from "./pack-reader.js";

async function writeChunks(chunks: Buffer[]): Promise<{
  store: MemoryObjectStore;
  fetcher: ChunkFetcher;
  reader: PackReader;
  ids: string[];
}> {
  const store = new MemoryObjectStore();
  const layout = new RepositoryLayout("repo");
  const keys = newRepositoryKeys();
  const index = new ChunkIndex();
  const writer = new ChunkWriter({ store, layout, keys, packSize: 64 << 10, index });
  const ids: string[] = [];
  for (const chunk of chunks) ids.push((await writer.put(chunk)).toString("hex"));
  await writer.commit();
  const reader = new PackReader({ store, layout, keys });
  return { store, fetcher: new ChunkFetcher(index, reader), reader, ids };
}

describe("packs", () => {
  const chunks = [0, 1, 2, 3, 4, 5].map((n) => Buffer.alloc(30_000, `chunk ${n} `));

  it("round-trips chunks through several packs, compressed, one by one and in runs", async () => {
    const { store, fetcher, ids } = await writeChunks([...chunks, chunks[0]!]);
    assert.equal(new Set(ids).size, chunks.length);
    const packs = store.keys().filter((k) => k.startsWith("repo/packs/"));
    assert.ok(packs.length >= 1);
    const storedBytes = (await Promise.all(packs.map((k) => readObject(store, k)))).reduce(
      (n, b) => n + b.length,
      0,
    );
    assert.ok(storedBytes < 6 * 30_000, `compressed to ${storedBytes} bytes`);
    assert.deepEqual(await fetcher.fetch(ids[3]!), chunks[3]);
    const all: Buffer[] = [];
    for await (const chunk of fetcher.fetchAll(ids)) all.push(chunk);
    assert.deepEqual(all, [...chunks, chunks[0]]);
  });

  it("lists a pack's chunks from its trailer", async () => {
    const { store, reader } = await writeChunks(chunks.slice(0, 2));
    const key = store.keys().find((k) => k.startsWith("repo/packs/"))!;
    const packId = key.slice("repo/packs/".length);
    const entries = reader.listEntries(packId, await readObject(store, key));
    assert.equal(entries.length, 2);
  });

  it("names the pack when a stored chunk was tampered with", async () => {
    const { store, fetcher, ids } = await writeChunks(chunks.slice(0, 1));
    const key = store.keys().find((k) => k.startsWith("repo/packs/"))!;
    const bytes = await readObject(store, key);
    bytes[20] = (bytes[20] as number) ^ 0xff;
    await store.put(key, bytes);
    await assert.rejects(fetcher.fetch(ids[0]!), (error: unknown) => {
      assert.ok(error instanceof CorruptPackError);
      assert.equal(error.packKey, key);
      return true;
    });
  });

  it("names the pack when it is missing", async () => {
    const { store, fetcher, ids } = await writeChunks(chunks.slice(0, 1));
    const key = store.keys().find((k) => k.startsWith("repo/packs/"))!;
    await store.delete(key);
    await assert.rejects(fetcher.fetch(ids[0]!), (error: unknown) => {
      assert.ok(error instanceof MissingPackError);
      assert.equal(error.packKey, key);
      return true;
    });
  });
});
