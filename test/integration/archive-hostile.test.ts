// Hostile backup archives: each is refused with its named error, quickly, and nothing is
// written outside (or left inside) the temp directory the extraction was given.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import {
  ArchiveTooLargeError,
  UnsafeArchiveEntryError,
  UnsupportedArchiveVersionError,
  extractArchive,
  type ExtractArchiveOptions,
} from "../../lib/archive/index.js";
import {
  buildTar,
  buildTarGz,
  gzipBomb,
  tarHeader,
  type RawEntry,
} from "../fixtures/archives/hand-made-tar.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

const version: RawEntry = { path: "metadata/version", body: "1.1.0\n" };
const item: RawEntry = { path: "resources/pods/namespaces/ns/p.json", body: '{"kind":"Pod"}' };

describe("hostile archives", () => {
  let temp: TempDir;
  let parentDir: string;

  before(async () => {
    temp = await makeTempDir("kv-hostile-");
    parentDir = join(temp.path, "scratch");
    await mkdir(parentDir);
  });
  after(async () => {
    await temp.remove();
  });

  async function refuse(
    source: Buffer | AsyncIterable<Buffer>,
    expected: new (...args: never[]) => Error,
    options: Omit<ExtractArchiveOptions, "parentDir"> = {},
  ): Promise<void> {
    const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
    await assert.rejects(extractArchive(input, { ...options, parentDir }), expected);
    assert.deepEqual(await readdir(parentDir), [], "the scratch directory was removed");
    assert.deepEqual(
      (await readdir(temp.path)).sort(),
      ["scratch"],
      "nothing was written beside it",
    );
  }

  it("refuses a path that climbs out of the extraction root", async () => {
    await refuse(
      buildTarGz([version, item, { path: "resources/../../escaped.json", body: "x" }]),
      UnsafeArchiveEntryError,
    );
    assert.equal(existsSync(join(temp.path, "escaped.json")), false);
  });

  it("refuses an absolute path", async () => {
    const target = join(temp.path, "absolute.json");
    await refuse(buildTarGz([version, { path: target, body: "x" }]), UnsafeArchiveEntryError);
    assert.equal(existsSync(target), false);
  });

  it("refuses a symlink entry, so nothing can be written through it", async () => {
    const archive = buildTarGz([
      version,
      { path: "resources/pods/namespaces", type: "SymbolicLink", linkpath: temp.path },
      { path: "resources/pods/namespaces/through-link.json", body: "x" },
    ]);
    await refuse(archive, UnsafeArchiveEntryError);
    assert.equal(existsSync(join(temp.path, "through-link.json")), false);
  });

  it("refuses a hard link entry", async () => {
    const archive = buildTarGz([
      version,
      { path: "resources/pods/cluster/x.json", type: "Link", linkpath: "/etc/passwd" },
    ]);
    await refuse(archive, UnsafeArchiveEntryError);
  });

  it("refuses a device entry", async () => {
    await refuse(
      buildTarGz([version, { path: "resources/pods/cluster/null.json", type: "CharacterDevice" }]),
      UnsafeArchiveEntryError,
    );
  });

  it("refuses a FIFO entry", async () => {
    await refuse(
      buildTarGz([version, { path: "resources/pods/cluster/fifo.json", type: "FIFO" }]),
      UnsafeArchiveEntryError,
    );
  });

  it("refuses an unknown major format version", async () => {
    await refuse(
      buildTarGz([{ path: "metadata/version", body: "2.0.0\n" }, item]),
      UnsupportedArchiveVersionError,
    );
  });

  it("refuses a gzip bomb entry by its declared size before inflating it", async () => {
    const header = tarHeader({ path: "resources/pods/cluster/bomb.json" }, 16 * 1024 ** 3);
    const prefix = Buffer.concat([buildTar([version], { trailer: false }), header]);
    const started = performance.now();
    await refuse(gzipBomb([prefix, 16 * 1024]), ArchiveTooLargeError);
    assert.ok(performance.now() - started < 2000, "refused without inflating the body");
  });

  it("stops a gzip bomb at the total limit, quickly and within the limit on disk", async () => {
    const perEntry = 8 * 1024 * 1024;
    const parts: (Buffer | number)[] = [buildTar([version], { trailer: false })];
    for (let i = 0; i < 1024; i++) {
      parts.push(tarHeader({ path: `resources/pods/cluster/b${i}.json` }, perEntry), 8);
    }
    let compressed = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of gzipBomb(parts)) {
        compressed += chunk.length;
        yield chunk;
      }
    }
    const started = performance.now();
    await refuse(counted(), ArchiveTooLargeError, {
      maxEntryBytes: perEntry,
      maxTotalBytes: 32 * 1024 * 1024,
    });
    assert.ok(compressed < 256 * 1024, `read ${compressed} compressed bytes of an 8 GiB bomb`);
    assert.ok(performance.now() - started < 5000);
  });

  it("stops a bomb of zeros that never ends at the total limit", async () => {
    const header = tarHeader({ path: "resources/pods/cluster/bomb.json" }, 1024 ** 3);
    const prefix = Buffer.concat([buildTar([version], { trailer: false }), header]);
    const started = performance.now();
    await refuse(gzipBomb([prefix, 1024 * 1024]), ArchiveTooLargeError, {
      maxEntryBytes: 2 * 1024 ** 3,
      maxTotalBytes: 64 * 1024 * 1024,
    });
    assert.ok(performance.now() - started < 5000);
  });
});
