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
      const url = await store.signedUrl("signed/short-lived", 1);
      assert.equal((await fetchPlain(url)).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const late = await fetchPlain(url);
      assert.ok(late.status === 403 || late.status === 401, `status after expiry: ${late.status}`);
    });
  });
}
