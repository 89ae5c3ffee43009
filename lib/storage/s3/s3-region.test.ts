import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { BucketNotFoundError, StorageConfigError, StorageUnavailableError } from "../errors.js";
import { discoverBucketRegion } from "./s3-region.js";

describe("discoverBucketRegion", () => {
  let endpoint: string;
  const server = createServer((req, res) => {
    if (req.url === "/in-frankfurt") res.writeHead(301, { "x-amz-bucket-region": "eu-central-1" });
    else if (req.url === "/forbidden-but-known")
      res.writeHead(403, { "x-amz-bucket-region": "us-west-2" });
    else if (req.url === "/missing") res.writeHead(404);
    else res.writeHead(400);
    res.end();
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(
    () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  );
  const options = (): { endpoint: string; timeoutMs: number; where: string } => ({
    endpoint,
    timeoutMs: 2_000,
    where: "location",
  });

  it("reads the region from x-amz-bucket-region, whatever the status", async () => {
    assert.equal(await discoverBucketRegion("in-frankfurt", options()), "eu-central-1");
    assert.equal(await discoverBucketRegion("forbidden-but-known", options()), "us-west-2");
  });

  it("reports a missing bucket, and asks for config.region when the answer has no region", async () => {
    await assert.rejects(discoverBucketRegion("missing", options()), BucketNotFoundError);
    await assert.rejects(discoverBucketRegion("odd", options()), (error: unknown) => {
      assert.ok(error instanceof StorageConfigError);
      assert.match(error.message, /set config\.region/);
      return true;
    });
  });

  it("fails as unavailable when the endpoint does not answer", async () => {
    const dead = { ...options(), endpoint: "http://127.0.0.1:1" };
    await assert.rejects(discoverBucketRegion("b", dead), StorageUnavailableError);
  });
});
