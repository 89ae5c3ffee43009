import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { after, describe, it } from "node:test";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { MemoryObjectStore, type ByteRange } from "../storage/index.js";
import { initRepository } from "./index.js";

/** Counts reads of pack objects. */
class CountingStore extends MemoryObjectStore {
  packReads = 0;

  override get(key: string, range?: ByteRange): Promise<Readable> {
    if (key.includes("/packs/")) this.packReads++;
    return super.get(key, range);
  }
}

describe("listings of an unchanged tree", async () => {
  const temp = await makeTempDir("repo-listings-");
  after(() => temp.remove());
  const src = join(temp.path, "src");
  for (let d = 0; d < 30; d++) {
    const dir = join(src, "top", `d${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 5; f++)
      writeFileSync(join(dir, `f${f}`), `dir ${d} file ${f}\n`.repeat(50));
  }
  const store = new CountingStore();
  const repo = await initRepository({ store, prefix: "r/", password: "p", kdf: { n: 1024 } });
  const first = await repo.backup(src, { workerThreads: 0 });

  it("are read ahead in a few requests, not one per directory", async () => {
    store.packReads = 0;
    const second = await repo.backup(src, { parent: first.id, workerThreads: 0 });
    assert.equal(second.stats.filesReused, 150);
    assert.equal(second.stats.filesRead, 0);
    assert.ok(store.packReads <= 4, `${store.packReads} pack reads for 32 directories`);
  });

  it("still lead to a faithful snapshot when a directory was removed and one added", async () => {
    rmSync(join(src, "top", "d3"), { recursive: true });
    mkdirSync(join(src, "top", "d30"));
    writeFileSync(join(src, "top", "d30", "new"), "new\n");
    const third = await repo.backup(src, { parent: first.id, workerThreads: 0 });
    assert.equal(third.stats.filesReused, 145);
    assert.equal(third.stats.filesRead, 1);
    const out = join(temp.path, "out");
    await repo.restore(third.id, out);
    assert.equal(readFileSync(join(out, "top", "d30", "new"), "utf8"), "new\n");
    assert.equal(readFileSync(join(out, "top", "d29", "f4"), "utf8"), "dir 29 file 4\n".repeat(50));
  });
});
