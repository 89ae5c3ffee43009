import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import { describe, it } from "node:test";
import type { Readable } from "node:stream";
import { Parser, type ReadEntry } from "tar";
import { FakeClock } from "../clock.js";
import { InvalidInputError } from "../errors.js";
import { ArchiveWriter } from "./archive-writer.js";

interface ListedEntry {
  path: string;
  type: string;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: Date;
  body: string;
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Lists a gzip(tar) with the `tar` package's parser, independent of lib/archive's reader. */
function list(archive: Buffer): Promise<ListedEntry[]> {
  return new Promise((resolve, reject) => {
    const entries: ListedEntry[] = [];
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const chunks: Buffer[] = [];
        entry.on("data", (c: Buffer) => chunks.push(c));
        entry.on("end", () => {
          const { path, type, mode, uid, gid, mtime } = entry;
          entries.push({
            path,
            type,
            mode,
            uid,
            gid,
            mtime,
            body: Buffer.concat(chunks).toString(),
          });
        });
      },
    });
    parser.on("error", reject);
    parser.on("end", () => {
      resolve(entries);
    });
    parser.end(archive);
  });
}

const pod = {
  kind: "Pod",
  apiVersion: "v1",
  metadata: { namespace: "shop", name: "web-0", labels: { b: "2", a: "1" } },
  spec: { containers: [{ name: "c", image: "nginx", args: ["<&>"] }] },
};

describe("ArchiveWriter", () => {
  it("writes metadata/version first and each item twice as sorted compact JSON", async () => {
    const clock = new FakeClock("2026-05-06T07:08:09Z");
    const writer = new ArchiveWriter({ clock });
    const output = collect(writer.stream);
    await writer.add(pod, { groupResource: "pods", version: "v1" });
    await writer.add(
      { metadata: { name: "shop" } },
      { groupResource: "namespaces", version: "v1" },
    );
    await writer.finish();
    const entries = await list(await output);
    const podJson =
      '{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"a":"1","b":"2"},"name":"web-0","namespace":"shop"},' +
      '"spec":{"containers":[{"args":["\\u003c\\u0026\\u003e"],"image":"nginx","name":"c"}]}}';
    assert.deepEqual(
      entries.map((e) => [e.path, e.body]),
      [
        ["metadata/version", "1.1.0\n"],
        ["resources/pods/namespaces/shop/web-0.json", podJson],
        ["resources/pods/v1-preferredversion/namespaces/shop/web-0.json", podJson],
        ["resources/namespaces/cluster/shop.json", '{"metadata":{"name":"shop"}}'],
        [
          "resources/namespaces/v1-preferredversion/cluster/shop.json",
          '{"metadata":{"name":"shop"}}',
        ],
      ],
    );
    for (const entry of entries) {
      assert.equal(entry.type, "File");
      assert.equal(entry.mode, 0o755);
      assert.equal(entry.uid, 0);
      assert.equal(entry.gid, 0);
      assert.equal(entry.mtime?.toISOString(), "2026-05-06T07:08:09.000Z");
    }
    assert.equal(writer.itemCount, 2);
    assert.equal(writer.entryCount, 5);
  });

  it("writes a non-preferred version once, under its version directory", async () => {
    const writer = new ArchiveWriter();
    const output = collect(writer.stream);
    await writer.add(
      { metadata: { name: "h", namespace: "n" } },
      {
        groupResource: "horizontalpodautoscalers.autoscaling",
        version: "v2beta2",
        preferred: false,
      },
    );
    await writer.finish();
    const paths = (await list(await output)).map((e) => e.path);
    assert.deepEqual(paths, [
      "metadata/version",
      "resources/horizontalpodautoscalers.autoscaling/v2beta2/namespaces/n/h.json",
    ]);
  });

  it("files items of interleaved resources, versions and namespaces each under its own directories", async () => {
    const writer = new ArchiveWriter();
    const output = collect(writer.stream);
    const add = (namespace: string, name: string, groupResource: string, preferred = true) =>
      writer.add({ metadata: { namespace, name } }, { groupResource, version: "v1", preferred });
    await add("a", "x", "pods");
    await add("b", "y", "pods");
    await add("a", "z", "configmaps", false);
    await add("a", "w", "pods");
    await assert.rejects(add("a", "bad/name", "pods"), InvalidInputError);
    await assert.rejects(add("..", "n", "pods"), InvalidInputError);
    await writer.finish();
    const paths = (await list(await output)).map((e) => e.path);
    assert.deepEqual(paths, [
      "metadata/version",
      "resources/pods/namespaces/a/x.json",
      "resources/pods/v1-preferredversion/namespaces/a/x.json",
      "resources/pods/namespaces/b/y.json",
      "resources/pods/v1-preferredversion/namespaces/b/y.json",
      "resources/configmaps/v1/namespaces/a/z.json",
      "resources/pods/namespaces/a/w.json",
      "resources/pods/v1-preferredversion/namespaces/a/w.json",
    ]);
  });

  it("lets explicit options override the item's own name and namespace", async () => {
    const writer = new ArchiveWriter();
    const output = collect(writer.stream);
    await writer.add(pod, { groupResource: "pods", version: "v1", namespace: "other", name: "x" });
    await writer.finish();
    const paths = (await list(await output)).map((e) => e.path);
    assert.ok(paths.includes("resources/pods/namespaces/other/x.json"));
  });

  it("refuses an item without metadata.name", async () => {
    const writer = new ArchiveWriter();
    await assert.rejects(
      writer.add({ kind: "Pod" }, { groupResource: "pods", version: "v1" }),
      InvalidInputError,
    );
    writer.abort(new Error("test done"));
  });

  it("refuses raw entries with absolute or dot-dot paths", async () => {
    const writer = new ArchiveWriter();
    for (const path of ["/etc/x", "a/../b", "", "a//b"]) {
      await assert.rejects(writer.addEntry(path, Buffer.from("x")), InvalidInputError);
    }
    writer.abort(new Error("test done"));
  });

  it("holds back add() while nobody reads the stream, and continues once reading starts", async () => {
    const writer = new ArchiveWriter({ gzipLevel: 0 });
    const big = { metadata: { name: "x", namespace: "n" }, data: { blob: "z".repeat(64 * 1024) } };
    let pending: Promise<void> | undefined;
    let added = 0;
    for (; added < 1000; added++) {
      const promise = writer.add(big, {
        groupResource: "configmaps",
        version: "v1",
        name: `cm-${added}`,
      });
      const settled = await Promise.race([promise.then(() => true), delay(50).then(() => false)]);
      if (!settled) {
        pending = promise;
        break;
      }
    }
    assert.ok(pending !== undefined, "add() should wait for the reader");
    assert.ok(added < 100, `add() waited only after ${added} items of 64 KiB`);
    const output = collect(writer.stream);
    await pending;
    await writer.finish();
    const entries = await list(await output);
    assert.equal(entries.length, 1 + 2 * (added + 1));
  });

  it("rejects a waiting add() when the stream's reader goes away", async () => {
    const writer = new ArchiveWriter({ gzipLevel: 0 });
    const big = { metadata: { name: "x", namespace: "n" }, data: { blob: "z".repeat(256 * 1024) } };
    let waiting: Promise<void> | undefined;
    for (let i = 0; i < 100 && waiting === undefined; i++) {
      const promise = writer.add(big, { groupResource: "configmaps", version: "v1" });
      const settled = await Promise.race([promise.then(() => true), delay(20).then(() => false)]);
      if (!settled) waiting = promise;
    }
    assert.ok(waiting !== undefined);
    writer.stream.destroy(new Error("upload failed"));
    await assert.rejects(waiting, /upload failed/);
    await assert.rejects(writer.finish(), /upload failed/);
  });

  it("fails the stream and every later call after abort()", async () => {
    const writer = new ArchiveWriter();
    const output = collect(writer.stream);
    writer.abort(new Error("backup cancelled"));
    await assert.rejects(output, /backup cancelled/);
    await assert.rejects(
      writer.add(pod, { groupResource: "pods", version: "v1" }),
      /backup cancelled/,
    );
  });
});
