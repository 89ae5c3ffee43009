import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import {
  chmodSync,
  closeSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import {
  CorruptPackError,
  initRepository,
  OperationAbortedError,
  openRepository,
  type Repository,
} from "../../lib/repository/index.js";
import { DirObjectStore } from "../../lib/repository/testing/dir-object-store.js";
import type { ByteRange, ObjectStore } from "../../lib/storage/index.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const bigSize = 100 * 1024 * 1024;
const password = "integration-password";
const prefix = "velero/kopia/app/";

/** path → "type sha256 mode mtime" (symlinks: target), for every entry below `root`. */
function describeTree(
  root: string,
  dir = root,
  out = new Map<string, string>(),
): Map<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = lstatSync(path);
    const key = relative(root, path);
    const common = `${(st.mode & 0o7777).toString(8)} ${Math.round(st.mtimeMs)}`;
    if (st.isSymbolicLink()) out.set(key, `link ${readlinkSync(path)}`);
    else if (st.isDirectory()) {
      out.set(key, `dir ${common}`);
      describeTree(root, path, out);
    } else {
      const sha = createHash("sha256").update(readFileSync(path)).digest("hex");
      out.set(key, `file ${sha} ${common} links=${st.nlink}`);
    }
  }
  return out;
}

function makeSource(root: string): void {
  mkdirSync(join(root, "app/data/deep/deeper"), { recursive: true });
  mkdirSync(join(root, "logs"), { recursive: true });
  for (let i = 0; i < 50; i++) {
    writeFileSync(join(root, `app/data/file-${i}.txt`), `line ${i}\n`.repeat(100 + i * 37));
  }
  writeFileSync(join(root, "app/data/deep/deeper/secret.key"), "key material\n");
  chmodSync(join(root, "app/data/deep/deeper/secret.key"), 0o600);
  writeFileSync(join(root, "app/run.sh"), "#!/bin/sh\necho hi\n");
  chmodSync(join(root, "app/run.sh"), 0o755);
  symlinkSync("../app/run.sh", join(root, "logs/run-link"));
  linkSync(join(root, "app/data/file-1.txt"), join(root, "logs/hard-link.txt"));
  const fd = openSync(join(root, "big.bin"), "w");
  const block = Buffer.alloc(4 << 20);
  for (let at = 0; at < bigSize; at += block.length) {
    randomFillSync(block);
    if ((at / block.length) % 2 === 0) block.fill("compressible text ", 0, block.length / 2);
    writeSync(fd, block);
  }
  closeSync(fd);
  utimesSync(join(root, "app/run.sh"), 1_500_000_000, 1_500_000_000);
  utimesSync(join(root, "app/data"), 1_400_000_000, 1_400_000_000);
}

describe("repository end to end on a directory store", async () => {
  const temp = await makeTempDir("repo-int-");
  after(() => temp.remove());
  const source = join(temp.path, "source");
  const storeDir = join(temp.path, "store");
  makeSource(source);
  const store = new DirObjectStore(storeDir);
  const repo: Repository = await initRepository({ store, prefix, password, kdf: { n: 1024 } });
  const progress: number[] = [];
  const first = await repo.backup(source, {
    tags: { backup: "b1", ns: "app", volume: "data" },
    progressIntervalMs: 100,
    onProgress: (p) => progress.push(p.bytesDone),
  });

  it("restores every file with equal sha256, mode and mtime, symlinks and hard links", async () => {
    const target = join(temp.path, "restore-1");
    const result = await repo.restore(first.id, target);
    assert.deepEqual(describeTree(target), describeTree(source));
    assert.ok(result.bytes >= bigSize);
    assert.ok(progress.length >= 1 && progress.at(-1)! >= bigSize);
  });

  it("uploads about 1% after 1% of the bytes changed", async () => {
    const fd = openSync(join(source, "big.bin"), "r+");
    writeSync(fd, randomFillSync(Buffer.alloc(bigSize / 100)), 0, bigSize / 100, 40 << 20);
    closeSync(fd);
    const second = await repo.backup(source, { parent: first.id, tags: { ns: "app" } });
    const share = second.stats.uploadedBytes / first.stats.totalBytes;
    assert.ok(share > 0.009 && share < 0.05, `uploaded ${(share * 100).toFixed(2)}%`);
    assert.equal(second.stats.filesRead, 1);
    const target = join(temp.path, "restore-2");
    await repo.restore(second.id, target);
    assert.deepEqual(describeTree(target), describeTree(source));
  });

  it("reads no file content when nothing changed", async () => {
    const latest = (await repo.listSnapshots({ tags: { ns: "app" } })).at(-1)!;
    const third = await repo.backup(source, { parent: latest.id });
    assert.equal(third.stats.bytesRead, 0);
    assert.equal(third.stats.filesRead, 0);
    assert.equal(third.stats.newChunks, 0);
    const secondHardLinkName = 1;
    assert.equal(third.stats.filesReused, third.stats.files - secondHardLinkName);
  });

  it("leaves no snapshot when a backup is aborted midway, and earlier ones restore", async () => {
    const before = (await repo.listSnapshots()).length;
    const controller = new AbortController();
    const fd = openSync(join(source, "big.bin"), "r+");
    writeSync(fd, Buffer.from("changed again"), 0, 13, 0);
    closeSync(fd);
    await assert.rejects(
      repo.backup(source, {
        signal: controller.signal,
        progressIntervalMs: 10,
        onProgress: (p) => {
          if (p.bytesDone > 0) controller.abort();
        },
      }),
      OperationAbortedError,
    );
    assert.equal((await repo.listSnapshots()).length, before);
    assert.equal((await repo.check()).ok, true);
  });

  it("leaves no snapshot when the backing-up process is killed, and earlier ones restore", async () => {
    const before = (await repo.listSnapshots()).map((s) => s.id);
    const childSource = join(temp.path, "child-source");
    mkdirSync(childSource);
    const fd = openSync(join(childSource, "large.bin"), "w");
    for (let i = 0; i < 50; i++) writeSync(fd, randomFillSync(Buffer.alloc(4 << 20)));
    closeSync(fd);
    const script = new URL("../../lib/repository/testing/backup-child.ts", import.meta.url);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", script.pathname, storeDir, prefix, password, childSource],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (data: Buffer) => {
        if (data.toString().includes("started")) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", () => {
        reject(new Error("child ended before it was killed"));
      });
    });
    const reopened = await openRepository({ store, prefix, password });
    assert.deepEqual(
      (await reopened.listSnapshots()).map((s) => s.id),
      before,
    );
    const target = join(temp.path, "restore-after-kill");
    await reopened.restore(first.id, target);
    assert.equal(describeTree(target).get("app/run.sh"), describeTree(source).get("app/run.sh"));
  });

  it("names a corrupted pack in check() and in the failing restore", async () => {
    const readKeys: string[] = [];
    const recording: ObjectStore = Object.assign(Object.create(store) as ObjectStore, {
      get: (key: string, range?: ByteRange) => {
        readKeys.push(key);
        return store.get(key, range);
      },
    });
    const observer = await openRepository({ store: recording, prefix, password });
    await observer.restore(first.id, join(temp.path, "restore-observed"));
    const victim = readKeys
      .find((key) => key.startsWith(`${prefix}packs/`))!
      .split("/")
      .at(-1)!;
    const packsDir = join(storeDir, prefix, "packs");
    const path = join(packsDir, victim);
    const bytes = readFileSync(path);
    bytes[100] = (bytes[100] as number) ^ 0xff;
    writeFileSync(path, bytes);
    const packKey = `${prefix}packs/${victim}`;
    const report = await repo.check();
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.damagedPacks.map((d) => d.key),
      [packKey],
    );
    await assert.rejects(repo.restore(first.id, join(temp.path, "restore-bad")), (error) => {
      assert.ok(error instanceof CorruptPackError, String(error));
      assert.equal(error.packKey, packKey);
      return true;
    });
  });
});
