// The API server's TLS listener: HTTP/1.1 for every client that offers it or offers no ALPN at
// all (kubectl included, so what it sees is unchanged: upgrades, SPDY and websockets stay on
// HTTP/1.1), HTTP/2 for clients that offer h2 without http/1.1 (the agent's REST client).
import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import http2 from "node:http2";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import tls from "node:tls";
import type { TLSSocket } from "node:tls";
import type { Duplex } from "node:stream";

/** Handlers and TLS material of {@link createAlpnFront}. */
export interface AlpnFrontOptions {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  readonly request: (req: IncomingMessage, res: ServerResponse) => void;
  readonly upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

/** Concurrent streams per HTTP/2 connection, as Go's HTTP/2 server defaults to. */
const maxConcurrentStreams = 250;

/**
 * Picks the protocol: http/1.1 whenever offered, h2 when it is offered alone, and no protocol
 * (the handshake fails, as with Go's TLS) for a list with neither.
 */
export function selectProtocol(offered: readonly string[]): string | undefined {
  if (offered.includes("http/1.1")) return "http/1.1";
  return offered.includes("h2") ? "h2" : undefined;
}

/** A TLS server (not yet listening) that hands each connection to HTTP/1.1 or HTTP/2. */
export function createAlpnFront(options: AlpnFrontOptions): tls.Server {
  const h1 = http.createServer(options.request);
  h1.on("upgrade", options.upgrade);
  h1.keepAliveTimeout = 65_000;
  const h2 = http2.createServer({ settings: { maxConcurrentStreams } });
  h2.on("request", (req: Http2ServerRequest, res: Http2ServerResponse) => {
    // The compatibility API offers what the handlers use of a request and a response
    // (method, url, headers, body events; writeHead, write, end, flushHeaders, close).
    options.request(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  });
  return tls.createServer(
    {
      cert: options.cert,
      key: options.key,
      ALPNCallback: ({ protocols }) => selectProtocol(protocols),
    },
    (socket: TLSSocket) => {
      socket.setNoDelay(true);
      if (socket.alpnProtocol === "h2") h2.emit("connection", socket);
      else h1.emit("connection", socket);
    },
  );
}
