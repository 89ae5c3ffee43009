// One HTTP/2 session per API server for plain request/response calls, as client-go uses: opened
// on first use, replaced after GOAWAY, an error or a close, and never given more streams at once
// than the server's SETTINGS_MAX_CONCURRENT_STREAMS allows.
import http2 from "node:http2";
import type { ClientHttp2Session, ClientHttp2Stream, SecureClientSessionOptions } from "node:http2";

/** One request on the channel; `headers` are ordinary (non-pseudo) request headers. */
export interface H2Call {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: string | undefined;
  /** Milliseconds before the stream is cancelled; 0 for none. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

/** A complete answer. */
export interface H2Answer {
  readonly status: number;
  readonly text: string;
}

/** The server does not speak HTTP/2 (ALPN did not select h2): use HTTP/1.1 instead. */
export class H2UnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "H2UnavailableError";
  }
}

/** Headers HTTP/2 forbids (RFC 9113 §8.2.2) and the pseudo-header `Host` maps to. */
const connectionHeaders = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "host",
]);

/** Sessions errors that mean the stream never reached the server, so a retry is safe. */
const retryableCodes = new Set(["ERR_HTTP2_GOAWAY_SESSION", "ERR_HTTP2_INVALID_SESSION"]);

/** Handshake failures that mean "no protocol in common" rather than "unreachable". */
const alpnRefused = new Set(["ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL"]);

const defaultMaxStreams = 100;

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** A lazily opened, self-replacing HTTP/2 session to one `https:` origin. */
export class H2Channel {
  readonly #origin: string;
  readonly #tlsOptions: () => Promise<SecureClientSessionOptions>;
  #session: Promise<ClientHttp2Session> | undefined;
  #current: ClientHttp2Session | undefined;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  /** `tlsOptions` gives the TLS settings (ca, cert, key, servername, ...) of a new session. */
  constructor(origin: string, tlsOptions: () => Promise<SecureClientSessionOptions>) {
    this.#origin = origin;
    this.#tlsOptions = tlsOptions;
  }

  /**
   * Sends one request and reads the whole answer. Rejects with {@link H2UnavailableError} when
   * the server does not negotiate h2, and with the transport's error otherwise.
   */
  async request(call: H2Call): Promise<H2Answer> {
    await this.#acquireStream();
    try {
      return await this.#send(call, true);
    } finally {
      this.#releaseStream();
    }
  }

  /** Closes the session; later requests open a new one. */
  close(): void {
    const session = this.#session;
    this.#session = undefined;
    this.#current = undefined;
    void session?.then(
      (s) => {
        s.close();
      },
      () => undefined,
    );
  }

  async #send(call: H2Call, mayRetry: boolean): Promise<H2Answer> {
    const session = await this.#open();
    try {
      return await exchange(session, call);
    } catch (error) {
      if (!mayRetry || !retryableCodes.has(errorCode(error) ?? "")) throw error;
      this.#forget(session);
      return this.#send(call, false);
    }
  }

  #open(): Promise<ClientHttp2Session> {
    this.#session ??= this.#connect().catch((error: unknown) => {
      this.#session = undefined;
      throw error;
    });
    return this.#session;
  }

  async #connect(): Promise<ClientHttp2Session> {
    const options = { ...(await this.#tlsOptions()), ALPNProtocols: ["h2"] };
    return new Promise((resolve, reject) => {
      const session = http2.connect(this.#origin, options);
      const failEarly = (error: Error): void => {
        session.destroy();
        if (!alpnRefused.has(errorCode(error) ?? "")) reject(error);
        else reject(new H2UnavailableError(`${this.#origin} refused h2`, { cause: error }));
      };
      session.once("error", failEarly);
      session.once("connect", () => {
        session.off("error", failEarly);
        if (session.alpnProtocol !== "h2") {
          session.destroy();
          reject(new H2UnavailableError(`${this.#origin} did not select h2 by ALPN`));
          return;
        }
        this.#watch(session);
        resolve(session);
      });
    });
  }

  #watch(session: ClientHttp2Session): void {
    this.#current = session;
    const forget = (): void => {
      this.#forget(session);
    };
    session.on("error", forget);
    session.on("goaway", forget);
    session.on("close", forget);
    session.on("remoteSettings", () => {
      this.#wakeWaiters();
    });
    if (this.#active === 0) session.unref();
  }

  #forget(session: ClientHttp2Session): void {
    if (this.#current !== session) return;
    this.#current = undefined;
    this.#session = undefined;
    if (!session.closed) session.close();
  }

  #maxStreams(): number {
    const max = this.#current?.remoteSettings.maxConcurrentStreams ?? defaultMaxStreams;
    return Math.max(1, max);
  }

  async #acquireStream(): Promise<void> {
    while (this.#active >= this.#maxStreams()) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#active++;
    this.#current?.ref();
  }

  #releaseStream(): void {
    this.#active--;
    if (this.#active === 0 && this.#current?.destroyed === false) this.#current.unref();
    this.#wakeWaiters();
  }

  #wakeWaiters(): void {
    const free = this.#maxStreams() - this.#active;
    for (let i = 0; i < free && this.#waiting.length > 0; i++) this.#waiting.shift()?.();
  }
}

function requestHeaders(call: H2Call): http2.OutgoingHttpHeaders {
  const headers: http2.OutgoingHttpHeaders = { ":method": call.method, ":path": call.path };
  for (const [name, value] of Object.entries(call.headers)) {
    const key = name.toLowerCase();
    if (!connectionHeaders.has(key)) headers[key] = value;
  }
  return headers;
}

/** Sends `call` on `session` and collects the answer. */
function exchange(session: ClientHttp2Session, call: H2Call): Promise<H2Answer> {
  session.ref();
  return new Promise((resolve, reject) => {
    let stream: ClientHttp2Stream;
    try {
      stream = session.request(requestHeaders(call), { endStream: call.payload === undefined });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    collect(stream, call, resolve, reject);
    if (call.payload !== undefined) stream.end(call.payload);
  });
}

function collect(
  stream: ClientHttp2Stream,
  call: H2Call,
  resolve: (answer: H2Answer) => void,
  reject: (error: Error) => void,
): void {
  let status = 0;
  const chunks: Buffer[] = [];
  stream.once("response", (headers) => {
    status = headers[":status"] ?? 0;
  });
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  stream.once("end", () => {
    const text = chunks.length === 1 ? String(chunks[0]) : Buffer.concat(chunks).toString("utf8");
    resolve({ status, text });
  });
  stream.once("error", reject);
  stream.once("close", () => {
    if (stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR)
      reject(new Error(`the HTTP/2 stream was reset (code ${String(stream.rstCode)})`));
  });
  if (call.timeoutMs > 0) {
    stream.setTimeout(call.timeoutMs, () => {
      stream.close(http2.constants.NGHTTP2_CANCEL);
      reject(new Error(`timed out after ${String(call.timeoutMs)} ms`));
    });
  }
  const signal = call.signal;
  if (signal === undefined) return;
  const abort = (): void => {
    stream.close(http2.constants.NGHTTP2_CANCEL);
    reject(signal.reason as Error);
  };
  if (signal.aborted) abort();
  else signal.addEventListener("abort", abort, { once: true });
  stream.once("close", () => {
    signal.removeEventListener("abort", abort);
  });
}
