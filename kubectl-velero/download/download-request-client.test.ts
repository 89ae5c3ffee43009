import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DownloadRequest } from "../../lib/api/index.js";
import { systemClock } from "../../lib/clock.js";
import { NotFoundError } from "../../lib/kube/index.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { DownloadNotFoundError, DownloadTimeoutError } from "./download-errors.js";
import {
  buildDownloadRequest,
  downloadToBuffer,
  openDownload,
  type DownloadRequestStore,
} from "./download-request-client.js";

/** DownloadRequests in memory; `answer` plays the agent (returns the URL to set, if any). */
class MemoryDownloadRequests implements DownloadRequestStore {
  readonly namespace = "velero";
  readonly stored = new Map<string, DownloadRequest>();
  readonly deleted: string[] = [];
  reads = 0;
  private readonly answer: (request: DownloadRequest, reads: number) => string | undefined;
  constructor(answer: (request: DownloadRequest, reads: number) => string | undefined) {
    this.answer = answer;
  }

  create(request: DownloadRequest): Promise<DownloadRequest> {
    this.stored.set(request.metadata.name ?? "", structuredClone(request));
    return Promise.resolve(request);
  }

  get(name: string): Promise<DownloadRequest> {
    const request = this.stored.get(name);
    if (request === undefined) {
      return Promise.reject(
        new NotFoundError({ statusCode: 404, reason: "NotFound", method: "GET", path: name }, "nf"),
      );
    }
    this.reads += 1;
    const url = this.answer(request, this.reads);
    if (url !== undefined) request.status = { phase: "Processed", downloadURL: url };
    return Promise.resolve(structuredClone(request));
  }

  delete(name: string): Promise<void> {
    this.stored.delete(name);
    this.deleted.push(name);
    return Promise.resolve();
  }
}

describe("DownloadRequest client", () => {
  let server: Server;
  let base = "";
  const files = new Map<string, Buffer>([
    ["/b1-logs.gz", gzipSync("line one\nline two\n")],
    ["/b1.tar.gz", Buffer.from("raw tarball bytes")],
  ]);
  before(async () => {
    server = createServer((req, res) => {
      const body = files.get(req.url ?? "");
      res.statusCode = body === undefined ? 404 : 200;
      res.end(body ?? "NoSuchKey");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
  });

  const options = (
    store: DownloadRequestStore,
    kind: DownloadRequest["spec"]["target"]["kind"],
  ) => ({
    clients: { downloadRequests: store },
    clock: systemClock,
    kind,
    name: "b1",
    timeoutMs: 2000,
    tls: {},
  });

  it("names the request <target>-<uuid> and targets the kind and name", () => {
    const request = buildDownloadRequest("velero", "BackupLog", "b1", "1234");
    assert.equal(request.metadata.name, "b1-1234");
    assert.deepEqual(request.spec, { target: { kind: "BackupLog", name: "b1" } });
  });

  it("polls until the agent sets the URL, then gunzips the file", async () => {
    const store = new MemoryDownloadRequests((_r, reads) =>
      reads >= 3 ? `${base}/b1-logs.gz` : undefined,
    );
    const bytes = await downloadToBuffer(options(store, "BackupLog"));
    assert.equal(bytes.toString(), "line one\nline two\n");
    assert.ok(store.reads >= 3);
    const [created] = [...store.stored.values()];
    assert.match(created?.metadata.name ?? "", /^b1-[0-9a-f-]{36}$/);
  });

  it("saves the backup tarball as is, without gunzipping", async () => {
    const store = new MemoryDownloadRequests(() => `${base}/b1.tar.gz`);
    assert.equal(
      (await downloadToBuffer(options(store, "BackupContents"))).toString(),
      "raw tarball bytes",
    );
  });

  it("reports a 404 as Velero's 'file not found'", async () => {
    const store = new MemoryDownloadRequests(() => `${base}/missing.gz`);
    await assert.rejects(openDownload(options(store, "BackupResults")), (error: unknown) => {
      assert.ok(error instanceof DownloadNotFoundError);
      assert.equal(error.message, "file not found");
      return true;
    });
  });

  it("times out with Velero's message when no URL comes, and removes the request", async () => {
    const store = new MemoryDownloadRequests(() => undefined);
    const started = Date.now();
    await assert.rejects(
      openDownload({ ...options(store, "BackupLog"), timeoutMs: 150 }),
      (error: unknown) => {
        assert.ok(error instanceof DownloadTimeoutError);
        assert.match(
          error.message,
          /download request download url timeout, check velero server logs/,
        );
        return true;
      },
    );
    assert.ok(Date.now() - started < 2000);
    assert.equal(store.deleted.length, 1);
    assert.equal(store.stored.size, 0);
  });

  it("reads a file:// URL of the filesystem provider directly", async () => {
    await using dir = await makeTempDir();
    const path = join(dir.path, "b1-results.gz");
    await writeFile(path, gzipSync('{"errors":{},"warnings":{}}\n'));
    const store = new MemoryDownloadRequests(() => pathToFileURL(path).href);
    const bytes = await downloadToBuffer(options(store, "BackupResults"));
    assert.deepEqual(JSON.parse(bytes.toString()), { errors: {}, warnings: {} });
    const missing = new MemoryDownloadRequests(() => pathToFileURL(join(dir.path, "nope")).href);
    await assert.rejects(openDownload(options(missing, "BackupLog")), DownloadNotFoundError);
  });
});
