import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { buildTar, buildTarGz, type RawEntry } from "../../test/fixtures/archives/hand-made-tar.js";
import { createLogger, type LogFields } from "../log.js";
import { StorageUnavailableError } from "../storage/index.js";
import { readArchive, type ArchiveEntry, type ArchiveReadOptions } from "./archive-reader.js";
import {
  ArchiveFormatError,
  ArchiveTooLargeError,
  UnsafeArchiveEntryError,
  UnsupportedArchiveVersionError,
} from "./errors.js";

async function readAll(archive: Buffer, options: ArchiveReadOptions = {}): Promise<ArchiveEntry[]> {
  const out: ArchiveEntry[] = [];
  for await (const entry of readArchive(Readable.from([archive]), options)) out.push(entry);
  return out;
}

function recordingLogger(): { logger: ReturnType<typeof createLogger>; lines: LogFields[] } {
  const lines: LogFields[] = [];
  const logger = createLogger({
    level: "debug",
    sink: (line) => lines.push(JSON.parse(line) as LogFields),
  });
  return { logger, lines };
}

const version: RawEntry = { path: "metadata/version", body: "1.1.0\n" };

describe("readArchive", () => {
  it("yields the version and the items with their parsed paths and bodies", async () => {
    const archive = buildTarGz([
      version,
      { path: "resources/pods/namespaces/ns/p.json", body: '{"a":1}' },
      { path: "resources/nodes/cluster/n1.json", body: "{}" },
    ]);
    const entries = await readAll(archive);
    assert.deepEqual(
      entries.map((e) =>
        e.kind === "item" ? [e.path, e.item, e.body.toString()] : [e.path, e.version.text],
      ),
      [
        ["metadata/version", "1.1.0"],
        [
          "resources/pods/namespaces/ns/p.json",
          { groupResource: "pods", namespace: "ns", name: "p" },
          '{"a":1}',
        ],
        ["resources/nodes/cluster/n1.json", { groupResource: "nodes", name: "n1" }, "{}"],
      ],
    );
  });

  it("skips directory entries and warns about unexpected files", async () => {
    const { logger, lines } = recordingLogger();
    const archive = buildTarGz([
      version,
      { path: "resources/", type: "Directory" },
      { path: "resources/pods/", type: "Directory" },
      { path: "resources/README", body: "hello" },
      { path: "./resources/pods/cluster/x.json", body: "{}" },
    ]);
    const entries = await readAll(archive, { logger });
    assert.deepEqual(
      entries.map((e) => e.path),
      ["metadata/version", "resources/pods/cluster/x.json"],
    );
    assert.deepEqual(
      lines.map((l) => [l["msg"], l["path"]]),
      [["Ignoring unexpected file in backup archive", "resources/README"]],
    );
  });

  it("reads an archive without metadata/version as format 1, with a warning", async () => {
    const { logger, lines } = recordingLogger();
    const entries = await readAll(
      buildTarGz([{ path: "resources/pods/cluster/x.json", body: "{}" }]),
      {
        logger,
      },
    );
    assert.equal(entries.length, 1);
    assert.match(String(lines[0]?.["msg"]), /no leading metadata\/version/);
  });

  it("takes a PAX path whole even when the writer also filled the USTAR prefix field", async () => {
    const path = `resources/configmaps/namespaces/shop/${"x".repeat(240)}.json`;
    const entries = await readAll(buildTarGz([version, { path, body: "{}" }]));
    assert.deepEqual(
      entries.map((e) => e.path),
      ["metadata/version", path],
    );
  });

  it("refuses an unknown major format version", async () => {
    const archive = buildTarGz([{ path: "metadata/version", body: "2.0.0\n" }]);
    await assert.rejects(readAll(archive), UnsupportedArchiveVersionError);
  });

  it("refuses bytes that are not gzip", async () => {
    await assert.rejects(readAll(buildTar([version])), ArchiveFormatError);
  });

  it("refuses a tar header with a bad checksum", async () => {
    const tar = buildTar([version]);
    tar[0] = "n".charCodeAt(0);
    await assert.rejects(readAll(gzipSync(tar)), /checksum/);
  });

  it("refuses an archive cut off in the middle of an entry", async () => {
    const tar = buildTar([
      version,
      { path: "resources/pods/cluster/x.json", body: "x".repeat(2000) },
    ]);
    await assert.rejects(readAll(gzipSync(tar.subarray(0, 1800))), /truncated/);
  });

  it("refuses a gzip stream cut off after the tar trailer", async () => {
    const archive = buildTarGz([version]);
    await assert.rejects(readAll(archive.subarray(0, archive.length - 4)), ArchiveFormatError);
  });

  it("accepts an archive that ends on a header boundary without a trailer, as Go's reader does", async () => {
    const archive = gzipSync(buildTar([version], { trailer: false }));
    assert.equal((await readAll(archive)).length, 1);
  });

  it("refuses an entry over the per-entry limit before reading its body", async () => {
    const archive = buildTarGz([
      version,
      { path: "resources/pods/cluster/x.json", body: "x".repeat(5000) },
    ]);
    await assert.rejects(readAll(archive, { maxEntryBytes: 4096 }), ArchiveTooLargeError);
  });

  it("refuses an archive that decompresses beyond the total limit", async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({
      path: `resources/pods/cluster/p${i}.json`,
      body: "x".repeat(1000),
    }));
    await assert.rejects(
      readAll(buildTarGz([version, ...entries]), { maxTotalBytes: 10_000 }),
      ArchiveTooLargeError,
    );
  });

  it("refuses link entries even inside resources/", async () => {
    const archive = buildTarGz([
      version,
      { path: "resources/pods/cluster/x.json", type: "SymbolicLink", linkpath: "/etc/passwd" },
    ]);
    await assert.rejects(readAll(archive), UnsafeArchiveEntryError);
  });

  it("passes errors of the source stream through unchanged", async () => {
    const archive = buildTarGz([version, { path: "resources/pods/cluster/x.json", body: "{}" }]);
    async function* failing(): AsyncGenerator<Buffer> {
      yield archive.subarray(0, 20);
      await Promise.resolve();
      throw new StorageUnavailableError("connection reset");
    }
    const read = async (): Promise<void> => {
      for await (const _ of readArchive(failing()));
    };
    await assert.rejects(read(), StorageUnavailableError);
  });

  it("stops reading the source when the consumer stops early", async () => {
    const archive = buildTarGz([version, { path: "resources/pods/cluster/x.json", body: "{}" }]);
    const source = Readable.from([archive]);
    for await (const entry of readArchive(source)) {
      assert.equal(entry.kind, "version");
      break;
    }
    assert.equal(source.destroyed, true);
  });
});
