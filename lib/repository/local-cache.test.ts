import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { MemoryObjectStore } from "../storage/index.js";
import { initRepository, openRepository, WrongPasswordError } from "./index.js";

const kdf = { n: 1024, r: 8, p: 1 };

describe("the local cache of an opened repository", async () => {
  const temp = await makeTempDir("repo-cache-");
  after(() => temp.remove());

  it("keeps the keys in an owner-only folder named after the repository and opens with them", async () => {
    const store = new MemoryObjectStore();
    const cacheDir = join(temp.path, "a");
    const options = { store, prefix: "p/", password: "one", cacheDir };
    const repo = await initRepository({ ...options, kdf });
    assert.deepEqual(readdirSync(cacheDir), [repo.id]);
    assert.equal(statSync(join(cacheDir, repo.id)).mode & 0o777, 0o700);
    assert.equal(statSync(join(cacheDir, repo.id, "keys")).mode & 0o777, 0o600);
    const again = await openRepository(options);
    assert.equal(again.id, repo.id);
    const src = join(temp.path, "src-a");
    mkdirSync(src);
    writeFileSync(join(src, "f"), "hello\n");
    const record = await again.backup(src);
    const target = join(temp.path, "out-a");
    await (await openRepository(options)).restore(record.id, target);
    assert.equal(readFileSync(join(target, "f"), "utf8"), "hello\n");
  });

  it("refuses a wrong password although the cache holds the keys", async () => {
    const store = new MemoryObjectStore();
    const cacheDir = join(temp.path, "b");
    await initRepository({ store, prefix: "p/", password: "one", cacheDir, kdf });
    await assert.rejects(
      openRepository({ store, prefix: "p/", password: "two", cacheDir }),
      WrongPasswordError,
    );
  });

  it("refuses the old password after a password change, with or without the cache", async () => {
    const store = new MemoryObjectStore();
    const cacheDir = join(temp.path, "c");
    const repo = await initRepository({ store, prefix: "p/", password: "one", cacheDir, kdf });
    await repo.changePassword("two");
    await assert.rejects(
      openRepository({ store, prefix: "p/", password: "one", cacheDir }),
      WrongPasswordError,
    );
    const reopened = await openRepository({ store, prefix: "p/", password: "two", cacheDir });
    assert.equal(reopened.id, repo.id);
  });

  it("treats a damaged key entry as a miss and rewrites it", async () => {
    const store = new MemoryObjectStore();
    const cacheDir = join(temp.path, "d");
    const repo = await initRepository({ store, prefix: "p/", password: "one", cacheDir, kdf });
    const keysFile = join(cacheDir, repo.id, "keys");
    writeFileSync(keysFile, Buffer.alloc(124, 7));
    const reopened = await openRepository({ store, prefix: "p/", password: "one", cacheDir });
    assert.equal(reopened.id, repo.id);
    assert.notDeepEqual(readFileSync(keysFile), Buffer.alloc(124, 7));
  });
});
