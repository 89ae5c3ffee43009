// Conformance: a large streamed upload in bounded memory, and a stream failing midway that
// leaves no object (and does not disturb the object already at the key).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { listAll, readObject } from "../object-store.js";
import type { ConformanceContext } from "./conformance-target.js";
import { formatBytes, measureMemoryGrowth } from "./memory-sampler.js";
import { digestStream, PatternStream } from "./pattern-stream.js";

const megabyte = 1_000_000;

/** Memory in use (after GC) may grow by at most this much during an upload, whatever its size. */
export const maxUploadLiveGrowthBytes = 80 * 1024 * 1024;

/** The process's resident size may grow by at most this much (allocator slack included). */
export const maxUploadRssGrowthBytes = 128 * 1024 * 1024;

/** Registers the large-object tests of the suite. */
export function describeLargeObjects(ctx: ConformanceContext): void {
  const total = ctx.target.largeObjectBytes ?? 200 * megabyte;

  describe("large objects", () => {
    it(`uploads a ${total / megabyte} MB stream in bounded memory and reads it back intact`, async (t) => {
      const { store } = ctx;
      const body = new PatternStream({ totalBytes: total });
      const started = Date.now();
      const { growth } = await measureMemoryGrowth(() => store.put("large/object.bin", body));
      const seconds = (Date.now() - started) / 1000;
      t.diagnostic(
        `${ctx.target.name}: ${total / megabyte} MB upload in ${seconds.toFixed(1)} s; ` +
          `peak growth: live ${formatBytes(growth.liveBytes)}, rss ${formatBytes(growth.rssBytes)}, ` +
          `heap+buffers incl. garbage ${formatBytes(growth.heapAndBuffersBytes)} (${growth.samples} samples)`,
      );
      assert.ok(growth.samples >= 20, "memory was sampled (and collected) during the upload");
      assert.ok(
        growth.liveBytes < maxUploadLiveGrowthBytes,
        `memory in use grew by ${formatBytes(growth.liveBytes)}`,
      );
      assert.ok(
        growth.rssBytes < maxUploadRssGrowthBytes,
        `rss grew by ${formatBytes(growth.rssBytes)}`,
      );
      const [info] = await listAll(store, "large/object.bin");
      assert.equal(info?.size, total);
      const read = await digestStream(await store.get("large/object.bin"));
      assert.equal(read.bytes, total);
      assert.equal(read.sha256, body.sha256());
      const tail = await readObject(store, "large/object.bin", { offset: total - 10 });
      assert.equal(tail.length, 10);
      await store.delete("large/object.bin");
    });

    it("leaves no object when the body stream fails midway", async () => {
      const { store } = ctx;
      const failure = new Error("producer broke");
      const body = new PatternStream({
        totalBytes: 40 * megabyte,
        failAfterBytes: 20 * megabyte,
        failure,
      });
      await assert.rejects(store.put("large/broken.bin", body), (error: unknown) => {
        assert.equal(
          error,
          failure,
          `the body's own error is what put rejects with, not: ${String(error)}`,
        );
        return true;
      });
      assert.equal(await store.exists("large/broken.bin"), false);
      assert.deepEqual(await listAll(store, "large/broken"), []);
    });

    it("keeps the previous object when a replacing stream fails midway", async () => {
      const { store } = ctx;
      await store.put("large/kept.bin", "previous version");
      const body = new PatternStream({ totalBytes: 30 * megabyte, failAfterBytes: 12 * megabyte });
      await assert.rejects(store.put("large/kept.bin", body));
      assert.equal((await readObject(store, "large/kept.bin")).toString(), "previous version");
    });
  });
}
