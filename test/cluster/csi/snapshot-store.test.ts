import assert from "node:assert/strict";
import { existsSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { makeTempDir } from "../../helpers/temp-dir.js";
import { SnapshotStore } from "./snapshot-store.js";

const now = new Date(Date.UTC(2026, 10, 22, 7, 0, 0, 123));

describe("the local.csi.test driver's snapshot store", () => {
  it("keeps a copy of the volume that later changes do not touch, and restores it elsewhere", async () => {
    await using dir = await makeTempDir("snapstore-", {
      "vol/a.txt": "one",
      "vol/sub/b.bin": "two",
    });
    symlinkSync("a.txt", join(dir.path, "vol/link"));
    const store = new SnapshotStore(join(dir.path, "data"));
    const taken = store.take({
      handle: "snapshot-1",
      volumeHandle: "vol-1",
      sourceDir: join(dir.path, "vol"),
      sizeBytes: 1024,
      now,
    });
    assert.deepEqual(taken, {
      handle: "snapshot-1",
      volumeHandle: "vol-1",
      sizeBytes: 1024,
      createdAtNs: now.getTime() * 1_000_000,
    });
    writeFileSync(join(dir.path, "vol/a.txt"), "changed");
    assert.deepEqual(store.get("snapshot-1"), taken);
    const target = join(dir.path, "restored");
    store.restoreInto("snapshot-1", target);
    assert.equal(readFileSync(join(target, "a.txt"), "utf8"), "one");
    assert.equal(readFileSync(join(target, "sub/b.bin"), "utf8"), "two");
    assert.equal(readlinkSync(join(target, "link")), "a.txt");
  });

  it("takes an empty snapshot of a volume that has no directory yet", async () => {
    await using dir = await makeTempDir("snapstore-");
    const store = new SnapshotStore(dir.path);
    store.take({
      handle: "empty",
      volumeHandle: "v",
      sourceDir: join(dir.path, "none"),
      sizeBytes: 0,
      now,
    });
    assert.equal(existsSync(store.dataDir("empty")), true);
    assert.equal(store.get("empty")?.sizeBytes, 0);
  });

  it("forgets a removed snapshot and knows no handle that could leave its folder", async () => {
    await using dir = await makeTempDir("snapstore-", { "vol/x": "x" });
    const store = new SnapshotStore(dir.path);
    store.take({
      handle: "gone",
      volumeHandle: "v",
      sourceDir: join(dir.path, "vol"),
      sizeBytes: 1,
      now,
    });
    store.remove("gone");
    store.remove("gone");
    assert.equal(store.get("gone"), undefined);
    assert.equal(existsSync(store.dataDir("gone")), false);
    assert.equal(store.get("../vol"), undefined);
    assert.throws(() => store.dataDir("../vol"), /bad snapshot handle/);
  });
});
