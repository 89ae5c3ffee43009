import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  chmodSync,
  openSync,
  writeSync,
  closeSync,
} from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { MemoryObjectStore } from "../storage/index.js";
import {
  initRepository,
  openRepository,
  RepositoryNotFoundError,
  WrongPasswordError,
  type Repository,
} from "./index.js";

const password = "s3cret";
const kdf = { n: 1024, r: 8, p: 1 };

async function newRepository(store = new MemoryObjectStore()): Promise<Repository> {
  return initRepository({ store, prefix: "velero/kopia/ns/", password, kdf });
}

function sha(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

describe("repository backup and restore", async () => {
  const temp = await makeTempDir("repo-unit-");
  after(() => temp.remove());
  const src = join(temp.path, "src");
  mkdirSync(join(src, "dir/nested"), { recursive: true });
  writeFileSync(join(src, "dir/nested/a.txt"), "alpha\n".repeat(1000));
  writeFileSync(join(src, "empty"), "");
  writeFileSync(join(src, "zeros"), Buffer.alloc(5000));
  chmodSync(join(src, "dir/nested/a.txt"), 0o751);
  utimesSync(join(src, "dir/nested/a.txt"), 1_600_000_000, 1_600_000_000.25);
  symlinkSync("dir/nested/a.txt", join(src, "link"));
  symlinkSync("/etc/passwd", join(src, "absolute-link"));
  linkSync(join(src, "dir/nested/a.txt"), join(src, "hard"));
  const sparse = openSync(join(src, "sparse"), "w");
  writeSync(sparse, Buffer.from("end"), 0, 3, 20 << 20);
  closeSync(sparse);
  execFileSync("mkfifo", [join(src, "fifo")]);

  const repo = await newRepository();
  const record = await repo.backup(src, { tags: { volume: "data" } });
  const out = join(temp.path, "out");
  await repo.restore(record.id, out);

  it("restores content, modes and mtimes", () => {
    const restored = join(out, "dir/nested/a.txt");
    assert.equal(sha(restored), sha(join(src, "dir/nested/a.txt")));
    assert.equal(statSync(restored).mode & 0o7777, 0o751);
    assert.equal(Math.round(statSync(restored).mtimeMs), 1_600_000_000_250);
    assert.equal(statSync(join(out, "empty")).size, 0);
    assert.deepEqual(readFileSync(join(out, "zeros")), Buffer.alloc(5000));
  });

  it("restores symlinks as links, without following them", () => {
    assert.equal(readlinkSync(join(out, "link")), "dir/nested/a.txt");
    assert.equal(readlinkSync(join(out, "absolute-link")), "/etc/passwd");
    assert.ok(lstatSync(join(out, "absolute-link")).isSymbolicLink());
  });

  it("restores hard links as one inode", () => {
    assert.equal(statSync(join(out, "hard")).ino, statSync(join(out, "dir/nested/a.txt")).ino);
  });

  it("restores a sparse file with its size and content, without allocating its hole", () => {
    const st = statSync(join(out, "sparse"));
    assert.equal(st.size, (20 << 20) + 3);
    assert.equal(sha(join(out, "sparse")), sha(join(src, "sparse")));
    assert.ok(st.blocks * 512 < 4 << 20, `${st.blocks} blocks allocated`);
  });

  it("skips the fifo with a warning", () => {
    assert.equal(record.stats.skipped, 1);
    assert.match(record.warnings[0] ?? "", /fifo.*special file/);
    assert.throws(() => lstatSync(join(out, "fifo")));
  });

  it("lists the snapshot by its tags", async () => {
    assert.deepEqual(
      (await repo.listSnapshots({ tags: { volume: "data" } })).map((s) => s.id),
      [record.id],
    );
    assert.deepEqual(await repo.listSnapshots({ tags: { volume: "other" } }), []);
  });
});

describe("repository backup with a parent", async () => {
  const temp = await makeTempDir("repo-parent-");
  after(() => temp.remove());
  const src = join(temp.path, "src");
  mkdirSync(join(src, "sub"), { recursive: true });
  for (let i = 0; i < 40; i++) writeFileSync(join(src, "sub", `f${i}`), `content ${i}\n`);
  writeFileSync(join(src, "top"), "top\n");
  const repo = await newRepository();
  const first = await repo.backup(src);

  it("reuses every unchanged file without reading it, and picks up metadata-only changes", async () => {
    chmodSync(join(src, "sub", "f7"), 0o600);
    writeFileSync(join(src, "sub", "f8"), "changed 8\n");
    const second = await repo.backup(src, { parent: first.id });
    assert.equal(second.stats.files, 41);
    assert.equal(second.stats.filesRead, 1);
    assert.equal(second.stats.filesReused, 40);
    const third = await repo.backup(src, { parent: second.id });
    assert.equal(third.stats.filesRead, 0);
    assert.equal(third.stats.filesReused, 41);
    const out = join(temp.path, "out");
    await repo.restore(third.id, out);
    assert.equal(statSync(join(out, "sub", "f7")).mode & 0o777, 0o600);
    assert.equal(readFileSync(join(out, "sub", "f8"), "utf8"), "changed 8\n");
    assert.equal(readFileSync(join(out, "sub", "f39"), "utf8"), "content 39\n");
    assert.equal(third.stats.newChunks, 0);
  });
});

describe("repository access", () => {
  it("refuses a wrong password with WrongPasswordError", async () => {
    const store = new MemoryObjectStore();
    await newRepository(store);
    await assert.rejects(
      openRepository({ store, prefix: "velero/kopia/ns", password: "nope" }),
      WrongPasswordError,
    );
  });

  it("opens with a changed password and refuses the old one", async () => {
    const store = new MemoryObjectStore();
    const repo = await newRepository(store);
    await repo.changePassword("new-password");
    const prefix = "velero/kopia/ns/";
    await openRepository({ store, prefix, password: "new-password" });
    await assert.rejects(openRepository({ store, prefix, password }), WrongPasswordError);
  });

  it("reports a missing repository with RepositoryNotFoundError", async () => {
    await assert.rejects(
      openRepository({ store: new MemoryObjectStore(), prefix: "x/", password }),
      RepositoryNotFoundError,
    );
  });
});

describe("maintenance", () => {
  it("removes the packs of a deleted snapshot and keeps the others restorable", async () => {
    await using temp = await makeTempDir("repo-maint-", {
      "a/one.bin": Buffer.alloc(200_000, 1),
      "b/two.bin": Buffer.alloc(200_000, 2),
    });
    const store = new MemoryObjectStore();
    const repo = await newRepository(store);
    const first = await repo.backup(join(temp.path, "a"));
    const second = await repo.backup(join(temp.path, "b"));
    await repo.deleteSnapshot(first.id);
    const result = await repo.maintain({ gracePeriodMs: 0 });
    assert.equal(result.packsDeleted, 2, "the first backup's data pack and listing pack");
    assert.equal(result.snapshots, 1);
    await repo.restore(second.id, join(temp.path, "out"));
    assert.deepEqual(readFileSync(join(temp.path, "out/two.bin")), Buffer.alloc(200_000, 2));
    assert.equal((await repo.check()).ok, true);
  });

  it("keeps recent packs during the grace period", async () => {
    await using temp = await makeTempDir("repo-grace-", { "f.bin": Buffer.alloc(1000, 3) });
    const repo = await newRepository();
    const snapshot = await repo.backup(temp.path);
    await repo.deleteSnapshot(snapshot.id);
    assert.equal((await repo.maintain()).packsDeleted, 0);
  });

  it("does nothing while a live backup session is announced", async () => {
    const store = new MemoryObjectStore();
    const repo = await newRepository(store);
    const now = new Date().toISOString();
    await store.put(
      "velero/kopia/ns/sessions/abc",
      JSON.stringify({ id: "abc", startedAt: now, heartbeatAt: now }),
    );
    const result = await repo.maintain({ gracePeriodMs: 0 });
    assert.match(result.skipped ?? "", /backup/);
  });
});
