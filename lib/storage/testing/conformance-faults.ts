// Conformance: faults injected by a proxy in front of the real server (resets, 503s) are
// recovered by the retrying decorator; auth and not-found errors are never retried.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ObjectNotFoundError, StorageAuthError } from "../errors.js";
import { listAll, readObject, type ObjectStore } from "../object-store.js";
import { RetryingObjectStore } from "../retrying-object-store.js";
import type { ConformanceContext } from "./conformance-target.js";
import { FaultProxy, type FaultAction } from "./fault-proxy.js";
import { digestStream, PatternStream } from "./pattern-stream.js";

const quickRetries = { initialDelayMs: 10, maxDelayMs: 50, maxAttempts: 4 };

/** Matches the `n`th upload request (PUT or POST) the proxy sees after the fault is queued. */
function nthUpload(n: number): (request: { method: string }) => boolean {
  let seen = 0;
  return ({ method }) => (method === "PUT" || method === "POST") && ++seen === n;
}

/** Registers the fault-injection tests (HTTP targets only). */
export function describeFaults(ctx: ConformanceContext): void {
  const skip = ctx.target.endpoint === undefined;
  describe("injected faults", { skip }, () => {
    let proxy: FaultProxy;
    let store: ObjectStore;

    before(async () => {
      proxy = await FaultProxy.start(ctx.target.endpoint ?? "");
      const bare = await ctx.target.open({ bucket: ctx.bucket, endpoint: proxy.url });
      store = new RetryingObjectStore(bare, { policy: quickRetries });
      await ctx.store.put("faults/existing", "survives faults");
    });
    after(async () => {
      await proxy.stop();
    });

    for (const action of ["reset", "unavailable"] as const satisfies readonly FaultAction[]) {
      it(`recovers from two ${action === "reset" ? "connection resets" : "503 answers"} per operation`, async () => {
        const check = async <T>(operation: () => Promise<T>): Promise<T> => {
          proxy.reset();
          proxy.inject({ action }, 2);
          const result = await operation();
          assert.equal(proxy.pendingFaults, 0, "both faults were hit");
          assert.ok(proxy.requests.filter((r) => r.action === "forwarded").length >= 1);
          return result;
        };
        await check(() => store.put(`faults/${action}`, "written through faults"));
        assert.equal(await check(() => store.exists(`faults/${action}`)), true);
        const body = await check(() => readObject(store, "faults/existing"));
        assert.equal(body.toString(), "survives faults");
        const listed = await check(() => listAll(store, "faults/"));
        assert.ok(listed.some((i) => i.key === `faults/${action}`));
        await check(() => store.delete(`faults/${action}`));
      });
    }

    it("never retries a missing key", async () => {
      proxy.reset();
      await assert.rejects(store.get("faults/missing"), ObjectNotFoundError);
      assert.equal(proxy.requests.length, 1, "one request, no retry");
    });

    it("never retries refused credentials", { skip: !ctx.target.checksCredentials }, async () => {
      const wrong = await ctx.target.open({
        bucket: ctx.bucket,
        endpoint: proxy.url,
        wrongCredentials: true,
      });
      proxy.reset();
      await assert.rejects(
        new RetryingObjectStore(wrong, { policy: quickRetries }).get("faults/existing"),
        StorageAuthError,
      );
      assert.equal(proxy.requests.length, 1, "one request, no retry");
    });

    it(
      "finishes a stream upload whose part upload was reset",
      { skip: !ctx.target.retriesStreamUploadParts },
      async () => {
        await uploadThroughReset(ctx, proxy);
      },
    );
  });
}

/** A stream put in 5 MiB parts whose second upload request is reset still stores every byte. */
async function uploadThroughReset(ctx: ConformanceContext, proxy: FaultProxy): Promise<void> {
  const partSizeBytes = 5 * 1024 * 1024;
  const parted = await ctx.target.open({
    bucket: ctx.bucket,
    endpoint: proxy.url,
    upload: { partSizeBytes, concurrency: 1, partAttempts: 3 },
  });
  proxy.reset();
  proxy.inject({ action: "reset", matches: nthUpload(2) });
  const body = new PatternStream({ totalBytes: 3 * partSizeBytes + 1234 });
  await parted.put("faults/parted.bin", body);
  assert.equal(proxy.pendingFaults, 0, "the fault was hit");
  const read = await digestStream(await ctx.store.get("faults/parted.bin"));
  assert.equal(read.sha256, body.sha256());
}
