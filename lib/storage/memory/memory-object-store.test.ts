import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ObjectNotFoundError } from "../errors.js";
import { readObject } from "../object-store.js";
import { MemoryObjectStore } from "./memory-object-store.js";

describe("MemoryObjectStore", () => {
  it("returns what was put, whole and by range", async () => {
    const store = new MemoryObjectStore();
    await store.put("a/b", "hello world");
    assert.equal((await readObject(store, "a/b")).toString(), "hello world");
    assert.equal((await readObject(store, "a/b", { offset: 6, length: 5 })).toString(), "world");
  });

  it("rejects a missing key with ObjectNotFoundError", async () => {
    await assert.rejects(new MemoryObjectStore().get("nope"), ObjectNotFoundError);
  });

  it("lists common prefixes as full prefixes ending with the delimiter", async () => {
    const store = new MemoryObjectStore();
    for (const key of ["backups/a/x", "backups/a/y", "backups/b/z", "backups/c"]) {
      await store.put(key, "1");
    }
    assert.deepEqual(await store.listCommonPrefixes("backups/", "/"), ["backups/a/", "backups/b/"]);
  });
});
