// 10,000 items through ArchiveWriter → MemoryObjectStore → reader and extractor: every item
// comes back byte for byte, and neither side's heap grows with the number of items.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { after, before, describe, it } from "node:test";
import {
  ArchiveWriter,
  extractArchive,
  marshalSorted,
  readArchive,
} from "../../lib/archive/index.js";
import { MemoryObjectStore, listAll } from "../../lib/storage/index.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const itemCount = 10_000;
const key = "backups/round-trip/round-trip.tar.gz";
const maxHeapGrowth = 12 * 1024 * 1024;

/** A pod-like object of about 3 KB, different for every index and rebuilt on demand. */
function makeItem(index: number): Record<string, unknown> {
  const digest = createHash("sha256").update(String(index)).digest("hex");
  return {
    kind: "ConfigMap",
    apiVersion: "v1",
    metadata: {
      name: `item-${index}`,
      namespace: `ns-${index % 17}`,
      uid: digest.slice(0, 36),
      labels: { app: `app-${index % 50}`, "velero.io/backup-name": "round-trip", tier: "<web>" },
      annotations: { note: `é ${digest} \u2028 & more` },
      resourceVersion: String(1_000_000 + index),
    },
    data: Object.fromEntries(
      Array.from({ length: 20 }, (_, k) => [
        `${k}`,
        `${digest.slice(k, k + 40)}-${"v".repeat(60)}`,
      ]),
    ),
  };
}

function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

function indexOf(name: string): number {
  return Number(name.slice("item-".length));
}

describe("archive round trip of 10,000 items", () => {
  const store = new MemoryObjectStore();
  let temp: TempDir;

  before(async () => {
    temp = await makeTempDir("kv-round-trip-");
  });
  after(async () => {
    await temp.remove();
  });

  it("writes 10,000 items into the store while they are generated, with flat heap use", async (t) => {
    const writer = new ArchiveWriter();
    const upload = store.put(key, writer.stream);
    const started = performance.now();
    let baseline = 0;
    let peakGrowth = 0;
    for (let i = 0; i < itemCount; i++) {
      if (i === 1000) baseline = heapUsed();
      if (i > 1000 && i % 3000 === 0) peakGrowth = Math.max(peakGrowth, heapUsed() - baseline);
      await writer.add(makeItem(i), { groupResource: "configmaps", version: "v1" });
    }
    peakGrowth = Math.max(peakGrowth, heapUsed() - baseline);
    await writer.finish();
    await upload;
    const seconds = (performance.now() - started) / 1000;
    const [stored] = await listAll(store, key);
    t.diagnostic(
      `wrote ${itemCount} items (${writer.entryCount} entries, ${writer.tarBytes} tar bytes, ` +
        `${stored?.size ?? 0} gzip bytes) in ${seconds.toFixed(2)} s; heap growth after item 1000: ` +
        `${(peakGrowth / 1024 / 1024).toFixed(1)} MiB`,
    );
    assert.equal(writer.entryCount, 1 + 2 * itemCount);
    assert.ok(peakGrowth < maxHeapGrowth, `heap grew by ${peakGrowth} bytes`);
  });

  it("reads every item back byte for byte, streaming, with flat heap use", async (t) => {
    const seen = { unversioned: 0, preferred: 0 };
    let version = "";
    let baseline = 0;
    let peakGrowth = 0;
    let entries = 0;
    for await (const entry of readArchive(await store.get(key))) {
      entries++;
      if (entries === 2000) baseline = heapUsed();
      if (entries > 2000 && entries % 6000 === 0) {
        peakGrowth = Math.max(peakGrowth, heapUsed() - baseline);
      }
      if (entry.kind === "version") {
        version = entry.version.text;
        continue;
      }
      const expected = Buffer.from(marshalSorted(makeItem(indexOf(entry.item.name))));
      assert.ok(entry.body.equals(expected), `${entry.path} differs`);
      assert.equal(entry.item.namespace, `ns-${indexOf(entry.item.name) % 17}`);
      if (entry.item.version === undefined) seen.unversioned++;
      else if (entry.item.preferred === true && entry.item.version === "v1") seen.preferred++;
    }
    t.diagnostic(`heap growth while reading: ${(peakGrowth / 1024 / 1024).toFixed(1)} MiB`);
    assert.equal(version, "1.1.0");
    assert.deepEqual(seen, { unversioned: itemCount, preferred: itemCount });
    assert.ok(peakGrowth < maxHeapGrowth, `heap grew by ${peakGrowth} bytes`);
  });

  it("extracts the archive and catalogs every item", async (t) => {
    const started = performance.now();
    const extracted = await extractArchive(await store.get(key), { parentDir: temp.path });
    t.diagnostic(`extracted in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    try {
      assert.equal(extracted.version?.text, "1.1.0");
      assert.equal(extracted.catalog.itemCount, itemCount);
      assert.deepEqual(extracted.catalog.groupResources(), ["configmaps"]);
      assert.deepEqual(extracted.catalog.versions("configmaps"), {
        preferred: "v1",
        versions: ["v1"],
      });
      const byNamespace =
        extracted.catalog.items("configmaps")?.itemsByNamespace ??
        new Map<string, readonly string[]>();
      assert.equal(byNamespace.size, 17);
      const total = [...byNamespace.values()].reduce((n, names) => n + names.length, 0);
      assert.equal(total, itemCount);
      for (const index of [0, 1, 4999, 9999]) {
        const ref = {
          groupResource: "configmaps",
          namespace: `ns-${index % 17}`,
          name: `item-${index}`,
        };
        assert.deepEqual(await extracted.readItem(ref), makeItem(index));
      }
    } finally {
      await extracted.remove();
    }
  });
});
