import assert from "node:assert/strict";
import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { makeTempDir, type TempDir } from "../../../test/helpers/temp-dir.js";
import { InvalidObjectKeyError, StorageConfigError } from "../errors.js";
import { listAll, readObject } from "../object-store.js";
import { resolveSettings } from "../registry.js";
import { FilesystemObjectStore } from "./filesystem-object-store.js";

async function open(config: Record<string, string>): Promise<FilesystemObjectStore> {
  return FilesystemObjectStore.fromSettings(
    await resolveSettings({ provider: "filesystem", bucket: "b", config }),
  );
}

describe("FilesystemObjectStore", () => {
  let dir: TempDir;
  let store: FilesystemObjectStore;
  before(async () => {
    dir = await makeTempDir("kv-fs-unit-");
    await mkdir(join(dir.path, "b"));
    store = await open({ path: dir.path });
  });
  after(() => dir.remove());

  it("lays objects out as files below <path>/<bucket>, like the bucket's keys", async () => {
    await store.put("backups/b1/velero-backup.json", "{}");
    assert.deepEqual(await readdir(join(dir.path, "b", "backups", "b1")), ["velero-backup.json"]);
    assert.match(store.description, /filesystem bucket "b" at \//);
  });

  for (const key of ["", "/abs", "a//b", "a/../b", "..", "a/./b", "trailing/", "nul\0byte"]) {
    it(`refuses the key ${JSON.stringify(key)} that no file can safely hold`, async () => {
      await assert.rejects(store.put(key, "x"), InvalidObjectKeyError);
    });
  }

  it("refuses a key that is also the prefix of other keys, and one below an object", async () => {
    await store.put("conflict/dir/file", "x");
    await assert.rejects(store.put("conflict/dir", "y"), InvalidObjectKeyError);
    await store.put("conflict/leaf", "x");
    await assert.rejects(store.put("conflict/leaf/below", "y"), InvalidObjectKeyError);
    assert.equal((await readObject(store, "conflict/leaf")).toString(), "x");
  });

  it("never shows a put in progress: temp files live outside the bucket", async () => {
    await store.put("visible/one", "1");
    assert.deepEqual(await store.listCommonPrefixes("", "/"), [
      "backups/",
      "conflict/",
      "visible/",
    ]);
    assert.deepEqual(await readdir(join(dir.path, ".kubectl-velero-tmp")), []);
  });

  it("signs file:// URLs of the object's file with an advisory expiry", async () => {
    const url = new URL(await store.signedUrl("visible/one", 60));
    assert.equal(url.protocol, "file:");
    assert.equal(fileURLToPath(url), join(dir.path, "b", "visible", "one"));
    const expires = Number(url.searchParams.get("expires"));
    assert.ok(Math.abs(expires - (Date.now() / 1000 + 60)) < 5);
  });

  it("lists keys in UTF-8 byte order across directory levels", async () => {
    for (const key of ["order/a/z", "order/a-b", "order/a.c", "order/aé", "order/a0"]) {
      await store.put(key, "1");
    }
    assert.deepEqual(
      (await listAll(store, "order/")).map((i) => i.key),
      ["order/a-b", "order/a.c", "order/a/z", "order/a0", "order/aé"],
    );
  });

  it("finds nothing under prefixes that would leave the bucket", async () => {
    assert.deepEqual(await listAll(store, "../"), []);
    assert.deepEqual(await store.listCommonPrefixes("../", "/"), []);
  });

  for (const [config, pattern] of [
    [{}, /config\.path .* is required/],
    [{ path: "relative/dir" }, /is not absolute/],
    [{ path: "/tmp", region: "x" }, /config has invalid keys \[region\]; valid keys are \[path\]/],
  ] as const) {
    it(`refuses config ${JSON.stringify(config)} with StorageConfigError`, async () => {
      await assert.rejects(
        () => open(config),
        (error: unknown) => error instanceof StorageConfigError && pattern.test(error.message),
      );
    });
  }
});
