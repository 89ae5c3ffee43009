// Conformance: a missing bucket, wrong credentials and unreachable or silent endpoints each
// give their named error, in bounded time, without a secret in the message.
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { describe, it } from "node:test";
import { BucketNotFoundError, StorageAuthError, StorageUnavailableError } from "../errors.js";
import { listAll, type ObjectStore } from "../object-store.js";
import type { ConformanceContext } from "./conformance-target.js";

/** A TCP server that accepts connections and never answers. */
async function startSilentServer(): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => {
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const stop = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  };
  return { port, stop };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
async function deadPort(): Promise<number> {
  const { port, stop } = await startSilentServer();
  await stop();
  return port;
}

/** The target's endpoint moved to `port` (keeping a path such as Azurite's account name). */
function onPort(ctx: ConformanceContext, port: number): string {
  const url = new URL(ctx.target.endpoint ?? "http://127.0.0.1");
  url.port = String(port);
  return url.href.replace(/\/$/, "");
}

function assertNoSecret(error: unknown, secrets: readonly string[]): void {
  const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ""}`;
  for (const secret of secrets) assert.ok(!text.includes(secret), "a secret leaked into an error");
}

/** Registers the failure-mode tests of the suite. */
export function describeFailures(ctx: ConformanceContext): void {
  describe("failures", () => {
    it(
      "reports a missing bucket as BucketNotFoundError naming it",
      {
        skip: !ctx.target.reportsMissingBuckets,
      },
      async () => {
        const bucket = `missing-${Date.now().toString(36)}`;
        const store = await ctx.target.open({ bucket });
        const isMissingBucket = (error: unknown): boolean => {
          assert.ok(error instanceof BucketNotFoundError, `got ${String(error)}`);
          assert.match(error.message, new RegExp(bucket));
          return true;
        };
        await assert.rejects(store.get("k"), isMissingBucket);
        await assert.rejects(store.exists("k"), isMissingBucket);
        await assert.rejects(listAll(store, ""), isMissingBucket);
        await assert.rejects(store.listCommonPrefixes("", "/"), isMissingBucket);
        if (ctx.target.refusesPutToMissingBucket) {
          await assert.rejects(store.put("k", "v"), isMissingBucket);
        }
      },
    );

    it(
      "reports wrong credentials as StorageAuthError without the secret",
      {
        skip: !ctx.target.checksCredentials,
      },
      async () => {
        const store = await ctx.target.open({ bucket: ctx.bucket, wrongCredentials: true });
        const isAuth = (error: unknown): boolean => {
          assert.ok(error instanceof StorageAuthError, `got ${String(error)}`);
          assert.equal(error.retryable, false);
          assertNoSecret(error, ctx.target.secrets);
          return true;
        };
        await assert.rejects(store.get("basic/string"), isAuth);
        await assert.rejects(store.put("auth/k", "v"), isAuth);
        await assert.rejects(listAll(store, ""), isAuth);
        assertNoSecret(store.description, ctx.target.secrets);
      },
    );

    describeUnreachable(ctx);
  });
}

function describeUnreachable(ctx: ConformanceContext): void {
  const skip = ctx.target.endpoint === undefined;
  const isUnavailable =
    (port: number) =>
    (error: unknown): boolean => {
      assert.ok(error instanceof StorageUnavailableError, `got ${String(error)}`);
      assert.equal(error.retryable, true);
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`), "names the endpoint");
      return true;
    };
  const timed = async (store: ObjectStore, port: number): Promise<number> => {
    const started = Date.now();
    await assert.rejects(store.exists("k"), isUnavailable(port));
    await assert.rejects(store.get("k"), isUnavailable(port));
    return Date.now() - started;
  };

  it(
    "fails fast with StorageUnavailableError when nothing listens at the endpoint",
    { skip },
    async () => {
      const port = await deadPort();
      const store = await ctx.target.open({ bucket: ctx.bucket, endpoint: onPort(ctx, port) });
      const elapsed = await timed(store, port);
      assert.ok(elapsed < 5_000, `took ${elapsed} ms`);
    },
  );

  it(
    "gives up on an endpoint that never answers within the request timeout",
    { skip },
    async () => {
      const silent = await startSilentServer();
      try {
        const store = await ctx.target.open({
          bucket: ctx.bucket,
          endpoint: onPort(ctx, silent.port),
          timeouts: { connectMs: 1_000, requestMs: 1_500 },
        });
        const elapsed = await timed(store, silent.port);
        assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
      } finally {
        await silent.stop();
      }
    },
  );
}
