// Conformance: signed URLs fetched with a plain HTTP client (no credentials), and refused by
// the server after their expiry.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { ConformanceContext } from "./conformance-target.js";

/** Status and body of a plain GET of `url`; `file:` URLs are read from disk (status 200/404). */
export async function fetchPlain(url: string): Promise<{ status: number; body: Buffer }> {
  if (url.startsWith("file:")) {
    try {
      return { status: 200, body: await readFile(fileURLToPath(url)) };
    } catch {
      return { status: 404, body: Buffer.alloc(0) };
    }
  }
  const response = await fetch(url);
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

/**
 * Lifetime of the URL in the expiry test. Signatures carry their time to the second (S3's
 * X-Amz-Date, a SAS's `se`), so a URL lives between ttl - 1 and ttl seconds: long enough that the
 * first GET succeeds on a loaded machine (a 1 s URL could be dead before its first use).
 */
const signedUrlTtlSeconds = 6;

/**
 * GETs `url` every 250 ms until the server stops serving it (or `deadline` passes) and returns
 * the last answer with the time it arrived.
 */
async function firstRefusal(
  url: string,
  deadline: number,
): Promise<{ status: number; answeredAt: number }> {
  for (;;) {
    const { status } = await fetchPlain(url);
    const answeredAt = Date.now();
    if (status !== 200 || answeredAt > deadline) return { status, answeredAt };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Registers the signed-URL tests of the suite. */
export function describeSignedUrls(ctx: ConformanceContext): void {
  describe("signed URLs", () => {
    it("serves the object to a plain GET without credentials", async () => {
      const { store } = ctx;
      const key = "signed/report with space ü.json";
      await store.put(key, '{"ok":true}');
      const url = await store.signedUrl(key, 600);
      assert.match(url, /^(https?|file):/);
      const { status, body } = await fetchPlain(url);
      assert.equal(status, 200);
      assert.equal(body.toString(), '{"ok":true}');
    });

    it("answers 404 for a signed URL of a missing key", async () => {
      const url = await ctx.store.signedUrl("signed/missing", 600);
      assert.equal((await fetchPlain(url)).status, 404);
    });

    it("is refused after its expiry", { skip: !ctx.target.enforcesSignedUrlExpiry }, async () => {
      const { store } = ctx;
      await store.put("signed/short-lived", "soon gone");
      const signedAt = Date.now();
      const url = await store.signedUrl("signed/short-lived", signedUrlTtlSeconds);
      assert.equal((await fetchPlain(url)).status, 200);
      const late = await firstRefusal(url, signedAt + (signedUrlTtlSeconds + 60) * 1000);
      assert.ok(late.status === 403 || late.status === 401, `status after expiry: ${late.status}`);
      assert.ok(
        late.answeredAt >= signedAt + (signedUrlTtlSeconds - 1) * 1000,
        `refused ${String(late.answeredAt - signedAt)} ms after signing, before its expiry`,
      );
    });
  });
}
