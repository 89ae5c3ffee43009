// Conformance: put, get, overwrite, exists, delete, empty objects, unusual keys and ranges.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { ObjectNotFoundError } from "../errors.js";
import { listAll, readObject } from "../object-store.js";
import type { ConformanceContext } from "./conformance-target.js";

/** Keys that exercise encoding: spaces, unicode, URL-special characters. */
export const unusualKeys = [
  "odd/with space/and  two spaces.txt",
  "odd/ünïcödé/日本語/emoji-😀.json",
  "odd/plus+equals=amp&question?hash#percent%20.gz",
  "odd/quotes'and\"brackets[]{}()~!*,;@$.bin",
];

/** Registers the basic-operation tests of the suite. */
export function describeBasics(ctx: ConformanceContext): void {
  describe("basic operations", () => {
    it("returns what was put, for a string, bytes and a stream body", async () => {
      const { store } = ctx;
      await store.put("basic/string", "hello");
      await store.put("basic/bytes", new Uint8Array([0, 1, 2, 255]));
      await store.put("basic/stream", Readable.from([Buffer.from("str"), Buffer.from("eam")]));
      assert.equal((await readObject(store, "basic/string")).toString(), "hello");
      assert.deepEqual([...(await readObject(store, "basic/bytes"))], [0, 1, 2, 255]);
      assert.equal((await readObject(store, "basic/stream")).toString(), "stream");
    });

    it("replaces an object on overwrite", async () => {
      const { store } = ctx;
      await store.put("basic/overwrite", "first version, longer");
      await store.put("basic/overwrite", "second");
      assert.equal((await readObject(store, "basic/overwrite")).toString(), "second");
      const [info] = await listAll(store, "basic/overwrite");
      assert.equal(info?.size, 6);
    });

    it("reports existence, and deletes idempotently", async () => {
      const { store } = ctx;
      await store.put("basic/delete-me", "x");
      assert.equal(await store.exists("basic/delete-me"), true);
      assert.equal(await store.exists("basic/never-written"), false);
      assert.equal(await store.exists("basic/delete"), false, "a prefix of a key is no object");
      await store.delete("basic/delete-me");
      assert.equal(await store.exists("basic/delete-me"), false);
      await store.delete("basic/delete-me");
      await store.delete("basic/never-written");
      await assert.rejects(store.get("basic/delete-me"), ObjectNotFoundError);
    });

    it("rejects a get of a missing key with ObjectNotFoundError naming the key", async () => {
      await assert.rejects(ctx.store.get("basic/missing"), (error: unknown) => {
        assert.ok(error instanceof ObjectNotFoundError);
        assert.equal(error.key, "basic/missing");
        assert.match(error.message, /basic\/missing/);
        assert.equal(error.retryable, false);
        return true;
      });
    });
  });
  describeUnusualObjects(ctx);
}

function describeUnusualObjects(ctx: ConformanceContext): void {
  describe("unusual objects", () => {
    it("stores empty objects", async () => {
      const { store } = ctx;
      await store.put("basic/empty-string", "");
      await store.put("basic/empty-stream", Readable.from([]));
      assert.equal((await readObject(store, "basic/empty-string")).length, 0);
      assert.equal((await readObject(store, "basic/empty-stream")).length, 0);
      assert.equal(await store.exists("basic/empty-stream"), true);
      const listed = await listAll(store, "basic/empty-");
      assert.deepEqual(
        listed.map((i) => [i.key, i.size]),
        [
          ["basic/empty-stream", 0],
          ["basic/empty-string", 0],
        ],
      );
    });

    it("keeps keys with spaces, unicode and URL-special characters exactly", async () => {
      const { store } = ctx;
      for (const key of unusualKeys) await store.put(key, `body of ${key}`);
      for (const key of unusualKeys) {
        assert.equal((await readObject(store, key)).toString(), `body of ${key}`);
        assert.equal(await store.exists(key), true);
      }
      const listed = (await listAll(store, "odd/")).map((i) => i.key);
      assert.deepEqual(new Set(listed), new Set(unusualKeys));
      for (const key of unusualKeys) await store.delete(key);
      assert.deepEqual(await listAll(store, "odd/"), []);
    });

    it("reads byte ranges", async () => {
      const { store } = ctx;
      await store.put("basic/range", "0123456789");
      const read = async (offset: number, length?: number): Promise<string> =>
        (await readObject(store, "basic/range", { offset, length })).toString();
      assert.equal(await read(0, 1), "0");
      assert.equal(await read(3, 4), "3456");
      assert.equal(await read(7), "789");
      assert.equal(await read(0), "0123456789");
      assert.equal(await read(9, 1), "9");
    });
  });
}
