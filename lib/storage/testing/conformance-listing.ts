// Conformance: listing in key order, paging past 1,000 keys, and common prefixes.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { compareKeys } from "../key-order.js";
import { listAll, type ObjectStore } from "../object-store.js";
import type { ConformanceContext } from "./conformance-target.js";
import { FaultProxy } from "./fault-proxy.js";

const pagedKeyCount = 1_500;

/** `paging/0000/object` ... `paging/1499/object`. */
function pagedKeys(): string[] {
  return Array.from(
    { length: pagedKeyCount },
    (_, i) => `paging/${String(i).padStart(4, "0")}/object`,
  );
}

/** Puts every key with a few requests in flight at a time. */
export async function putMany(
  store: ObjectStore,
  keys: readonly string[],
  width = 16,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const key = keys[next++];
      if (key !== undefined) await store.put(key, key);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** Registers the listing tests of the suite. */
export function describeListing(ctx: ConformanceContext): void {
  describe("listing", () => {
    it("lists only keys under the prefix, in ascending key order, with sizes", async () => {
      const { store } = ctx;
      const keys = ["list/b", "list/a/2", "list/a/10", "list/a-z", "list/c.txt", "listx/no"];
      for (const key of keys) await store.put(key, key.toUpperCase());
      const listed = await listAll(store, "list/");
      const expected = keys.filter((k) => k.startsWith("list/")).sort(compareKeys);
      assert.deepEqual(
        listed.map((i) => i.key),
        expected,
      );
      for (const info of listed) assert.equal(info.size, info.key.length);
      assert.deepEqual(
        (await listAll(store, "list/a")).map((i) => i.key),
        ["list/a-z", "list/a/10", "list/a/2"],
      );
      assert.deepEqual(await listAll(store, "list/nothing-here"), []);
    });

    it("lists common prefixes, nested or not, without the objects directly under the prefix", async () => {
      const { store } = ctx;
      for (const key of ["cp/a/x", "cp/a/y", "cp/b/z", "cp/c", "cp/d/e/f", "cp/d/g"]) {
        await store.put(key, "1");
      }
      assert.deepEqual(await store.listCommonPrefixes("cp/", "/"), ["cp/a/", "cp/b/", "cp/d/"]);
      assert.deepEqual(await store.listCommonPrefixes("cp/d/", "/"), ["cp/d/e/"]);
      assert.deepEqual(await store.listCommonPrefixes("cp/a", "/"), ["cp/a/"]);
      assert.deepEqual(await store.listCommonPrefixes("cp/c", "/"), []);
      assert.deepEqual(await store.listCommonPrefixes("cp/none/", "/"), []);
      assert.ok((await store.listCommonPrefixes("", "/")).includes("cp/"));
    });

    it("forgets a prefix once its last object is deleted", async () => {
      const { store } = ctx;
      await store.put("gone/only/one", "1");
      assert.deepEqual(await store.listCommonPrefixes("gone/", "/"), ["gone/only/"]);
      await store.delete("gone/only/one");
      assert.deepEqual(await store.listCommonPrefixes("gone/", "/"), []);
      assert.deepEqual(await listAll(store, "gone/"), []);
    });

    describePaging(ctx);
  });
}

function describePaging(ctx: ConformanceContext): void {
  describe(`${pagedKeyCount} keys`, () => {
    let proxy: FaultProxy | undefined;
    let counted: ObjectStore | undefined;

    before(async () => {
      await putMany(ctx.store, pagedKeys());
      const endpoint = ctx.target.endpoint;
      if (endpoint === undefined) return;
      proxy = await FaultProxy.start(endpoint);
      counted = await ctx.target.open({ bucket: ctx.bucket, endpoint: proxy.url });
    });
    after(async () => {
      await proxy?.stop();
    });

    it("lists all of them once, in order, over several pages", async () => {
      proxy?.reset();
      const listed = await listAll(counted ?? ctx.store, "paging/");
      assert.deepEqual(
        listed.map((i) => i.key),
        pagedKeys(),
      );
      if (proxy !== undefined) {
        assert.ok(proxy.requests.length >= 2, `listed in ${proxy.requests.length} request(s)`);
      }
    });

    it("lists all of their common prefixes over several pages", async () => {
      proxy?.reset();
      const prefixes = await (counted ?? ctx.store).listCommonPrefixes("paging/", "/");
      assert.deepEqual(
        prefixes,
        pagedKeys().map((k) => k.replace(/object$/, "")),
      );
      if (proxy !== undefined && ctx.target.pagesCommonPrefixes !== false) {
        assert.ok(proxy.requests.length >= 2, `listed in ${proxy.requests.length} request(s)`);
      }
    });
  });
}
