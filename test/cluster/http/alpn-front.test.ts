import assert from "node:assert/strict";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import tls from "node:tls";
import { ensureCertificates } from "../security/certificates.js";
import { makeTempDir, type TempDir } from "../../helpers/temp-dir.js";
import { createAlpnFront, selectProtocol } from "./alpn-front.js";

describe("selectProtocol", () => {
  const cases: [readonly string[], string | undefined][] = [
    [["h2", "http/1.1"], "http/1.1"],
    [["http/1.1"], "http/1.1"],
    [["h2"], "h2"],
    [["spdy/3.1"], undefined],
  ];
  for (const [offered, chosen] of cases) {
    it(`answers ${String(chosen)} to a client offering ${offered.join(", ")}`, () => {
      assert.equal(selectProtocol(offered), chosen);
    });
  }
});

describe("the API server's TLS front", () => {
  let dir: TempDir;
  let server: tls.Server;
  let port = 0;
  before(async () => {
    dir = await makeTempDir("alpn-front-");
    const certs = await ensureCertificates(dir.path, "alpn");
    server = createAlpnFront({
      cert: certs.serverCertificate,
      key: certs.serverKey,
      request: (req, res) => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(`${req.method ?? ""} ${req.url ?? ""} over ${req.httpVersion}`);
      },
      upgrade: (_req, socket) => {
        socket.end(
          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n",
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.close();
    await dir.remove();
  });

  function rawExchange(
    alpn: string[],
    request: string,
  ): Promise<{ protocol: string; text: string }> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({
        port,
        host: "127.0.0.1",
        rejectUnauthorized: false,
        ALPNProtocols: alpn,
      });
      let text = "";
      socket.on("secureConnect", () => socket.write(request));
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("end", () => {
        resolve({ protocol: String(socket.alpnProtocol), text });
      });
      socket.on("error", reject);
    });
  }

  it("serves HTTP/1.1, upgrades included, to a client offering h2 and http/1.1 as kubectl does", async () => {
    const plain = await rawExchange(
      ["h2", "http/1.1"],
      "GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert.equal(plain.protocol, "http/1.1");
    assert.match(plain.text, /^HTTP\/1\.1 200 .*GET \/version over 1\.1\r\n/s);
    const upgrade = await rawExchange(
      ["h2", "http/1.1"],
      "GET /exec HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n",
    );
    assert.match(upgrade.text, /^HTTP\/1\.1 101 /);
  });

  it("serves HTTP/2 to a client offering only h2", async () => {
    const session = http2.connect(`https://127.0.0.1:${String(port)}`, {
      rejectUnauthorized: false,
    });
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const stream = session.request({ ":method": "POST", ":path": "/api/v1/x" });
        let body = "";
        stream.on("data", (chunk: Buffer) => (body += chunk.toString()));
        stream.on("end", () => {
          resolve(body);
        });
        stream.on("error", reject);
        stream.end("{}");
      });
      assert.equal(session.alpnProtocol, "h2");
      assert.equal(text, "POST /api/v1/x over 2.0");
    } finally {
      session.destroy();
    }
  });
});
