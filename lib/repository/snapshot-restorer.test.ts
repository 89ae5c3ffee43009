import assert from "node:assert/strict";
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { MemoryObjectStore } from "../storage/index.js";
import { ChunkFetcher } from "./chunk-fetcher.js";
import { ChunkIndex } from "./chunk-index.js";
import { ChunkWriter } from "./chunk-writer.js";
import { newRepositoryKeys } from "./crypto.js";
import { UnsafePathError } from "./errors.js";
import { RepositoryLayout } from "./layout.js";
import { PackReader } from "./pack-reader.js";
import { ProgressTracker } from "./progress.js";
import { SnapshotRestorer } from "./snapshot-restorer.js";
import { encodeEntry, type TreeEntry } from "./tree.js";

const meta = { mode: 0o644, uid: 0, gid: 0, size: 0, mtimeMs: 0 };

/** Stores hand-made listings (as a hostile repository could hold) and restores them. */
async function restoreListing(entries: TreeEntry[], target: string): Promise<void> {
  const store = new MemoryObjectStore();
  const layout = new RepositoryLayout("r/");
  const keys = newRepositoryKeys();
  const index = new ChunkIndex();
  const writer = new ChunkWriter({ store, layout, keys, packSize: 1 << 20, index });
  const content = (await writer.put(Buffer.from("payload"))).toString("hex");
  const listing = entries.map((e) =>
    encodeEntry(e.type === "file" ? { ...e, size: 7, chunks: [content] } : e),
  );
  const id = (await writer.put(Buffer.from(listing.join("")))).toString("hex");
  await writer.commit();
  const restorer = new SnapshotRestorer({
    fetcher: new ChunkFetcher(index, new PackReader({ store, layout, keys })),
    progress: new ProgressTracker(undefined),
    preserveOwnership: false,
  });
  await restorer.restore({ ...meta, name: "", type: "dir", chunks: [id] }, target);
}

describe("SnapshotRestorer path safety", () => {
  const hostile: [string, TreeEntry][] = [
    ["a parent-directory name", { ...meta, name: "..", type: "file" }],
    ["a name with a slash", { ...meta, name: "../../escaped", type: "file" }],
    ["an empty name", { ...meta, name: "", type: "file" }],
  ];
  for (const [what, entry] of hostile) {
    it(`refuses ${what} with UnsafePathError and writes nothing outside the target`, async () => {
      await using temp = await makeTempDir("restore-escape-");
      const target = join(temp.path, "a/b/target");
      await assert.rejects(restoreListing([entry], target), UnsafePathError);
      assert.deepEqual(readdirSync(temp.path), ["a"]);
      assert.equal(existsSync(join(temp.path, "escaped")), false);
    });
  }

  it("never writes through a symlink: a later entry of the same name replaces the link", async () => {
    await using temp = await makeTempDir("restore-link-");
    const outside = join(temp.path, "outside");
    const target = join(temp.path, "target");
    await restoreListing(
      [
        { ...meta, name: "x", type: "symlink", target: outside },
        { ...meta, name: "x", type: "file" },
      ],
      target,
    );
    assert.equal(existsSync(outside), false);
    assert.ok(lstatSync(join(target, "x")).isFile());
  });
});
