import assert from "node:assert/strict";
import http2 from "node:http2";
import type { Http2SecureServer, Http2ServerRequest, Http2ServerResponse } from "node:http2";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  ensureCertificates,
  type ClusterCertificates,
} from "../../test/cluster/security/certificates.js";
import { makeTempDir, type TempDir } from "../../test/helpers/temp-dir.js";
import { NotFoundError } from "./errors.js";
import { KubeRestClient } from "./rest-client.js";
import { kubeConfigFor } from "./testing/kubeconfig-for.js";

type AnyRequest = IncomingMessage | Http2ServerRequest;
type AnyResponse = ServerResponse | Http2ServerResponse;

interface Seen {
  readonly version: string;
  readonly method: string;
  readonly url: string;
  readonly auth: string;
  readonly body: string;
}

/** Answers like an API server: echoes the request, 404 for `/missing`. */
function answer(seen: Seen[], req: AnyRequest, res: AnyResponse): void {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    seen.push({
      version: req.httpVersion,
      method: req.method ?? "",
      url: req.url ?? "",
      auth: req.headers.authorization ?? "",
      body,
    });
    const missing = req.url === "/missing";
    res.writeHead(missing ? 404 : 200, { "content-type": "application/json" });
    res.end(
      JSON.stringify(
        missing
          ? { kind: "Status", code: 404, reason: "NotFound", message: "not found" }
          : { echo: body, version: req.httpVersion },
      ),
    );
  });
}

async function listen(server: https.Server | Http2SecureServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `https://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

describe("KubeRestClient over HTTP/2", () => {
  let dir: TempDir;
  let certs: ClusterCertificates;
  before(async () => {
    dir = await makeTempDir("h2-channel-");
    certs = await ensureCertificates(dir.path, "h2");
  });
  after(async () => {
    await dir.remove();
  });

  it("sends calls over one HTTP/2 session with the kubeconfig's token, bodies and errors intact", async (t) => {
    const seen: Seen[] = [];
    const server = http2.createSecureServer({
      cert: certs.serverCertificate,
      key: certs.serverKey,
    });
    server.on("request", (req, res) => {
      answer(seen, req, res);
    });
    let sessions = 0;
    server.on("session", () => sessions++);
    const rest = new KubeRestClient(kubeConfigFor(await listen(server), "s3cret"), { http2: true });
    t.after(() => {
      rest.close();
      server.close();
    });
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        rest.request<{ echo: string; version: string }>({
          method: "POST",
          path: `/api/v1/namespaces/n/configmaps`,
          body: { i },
        }),
      ),
    );
    assert.deepEqual(
      replies.map((r) => [r.version, JSON.parse(r.echo) as unknown]),
      Array.from({ length: 20 }, (_, i) => ["2.0", { i }]),
    );
    await assert.rejects(rest.request({ method: "GET", path: "/missing" }), NotFoundError);
    assert.equal(sessions, 1);
    assert.equal(rest.usesHttp2, true);
    assert.ok(seen.every((s) => s.auth === "Bearer s3cret" && s.version === "2.0"));
  });

  it("falls back to HTTP/1.1 for good when the server does not negotiate h2", async (t) => {
    const seen: Seen[] = [];
    const server = https.createServer(
      { cert: certs.serverCertificate, key: certs.serverKey },
      (req, res) => {
        answer(seen, req, res);
      },
    );
    const rest = new KubeRestClient(kubeConfigFor(await listen(server)), { http2: true });
    t.after(() => {
      rest.close();
      server.close();
      server.closeAllConnections();
    });
    const first = await rest.request<{ version: string }>({ method: "GET", path: "/a" });
    const second = await rest.request<{ version: string }>({ method: "GET", path: "/b" });
    assert.deepEqual([first.version, second.version], ["1.1", "1.1"]);
    assert.equal(rest.usesHttp2, false);
    assert.deepEqual(
      seen.map((s) => s.url),
      ["/a", "/b"],
    );
  });

  it("opens a new session after the server sends GOAWAY", async (t) => {
    const seen: Seen[] = [];
    const server = http2.createSecureServer({
      cert: certs.serverCertificate,
      key: certs.serverKey,
    });
    server.on("request", (req, res) => {
      req.stream.session?.goaway(http2.constants.NGHTTP2_NO_ERROR, req.stream.id ?? 0);
      answer(seen, req, res);
    });
    const sessions: http2.ServerHttp2Session[] = [];
    server.on("session", (session) => sessions.push(session));
    const rest = new KubeRestClient(kubeConfigFor(await listen(server)), { http2: true });
    t.after(() => {
      rest.close();
      server.close();
      for (const session of sessions) session.destroy();
    });
    for (let i = 0; i < 5; i++) {
      const reply = await rest.request<{ echo: string }>({ method: "PUT", path: "/x", body: i });
      assert.equal(reply.echo, String(i));
    }
    assert.equal(seen.length, 5);
    assert.ok(sessions.length >= 2, `one session for ${String(seen.length)} calls after GOAWAY`);
  });

  it("keeps no more streams open at once than the server's max concurrent streams", async (t) => {
    let inFlight = 0;
    let peak = 0;
    const server = http2.createSecureServer({
      cert: certs.serverCertificate,
      key: certs.serverKey,
      settings: { maxConcurrentStreams: 2 },
    });
    server.on("request", (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setImmediate(() => {
        inFlight--;
        res.end("{}");
      });
    });
    const rest = new KubeRestClient(kubeConfigFor(await listen(server)), { http2: true });
    t.after(() => {
      rest.close();
      server.close();
    });
    await rest.request({ method: "GET", path: "/warm-up" });
    await Promise.all(
      Array.from({ length: 12 }, () => rest.request({ method: "GET", path: "/p" })),
    );
    assert.ok(peak >= 1 && peak <= 2, `peak ${String(peak)} streams`);
  });
});
