// A small raw-JSON client for the Kubernetes REST API over the kubeconfig's TLS and auth.
// Objects go in and come out exactly as the API sends them (no model conversion), which is
// what backups must store. Request/response calls to an `https:` server go over one HTTP/2
// session, as client-go's do (HTTP/1.1 when the server does not negotiate h2); streams (logs,
// watches) use keep-alive HTTP/1.1 connections.
import http from "node:http";
import https from "node:https";
import type { IncomingMessage } from "node:http";
import type { KubeConfig } from "@kubernetes/client-node";
import type { SecureClientSessionOptions } from "node:http2";
import { KubeConnectionError, kubeErrorFromStatus } from "./errors.js";
import { H2Channel, H2UnavailableError } from "./h2-channel.js";

/** Query parameters; undefined values are left out. */
export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** One API request. `body` is serialised as JSON unless it is already a string. */
export interface KubeRequest {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly path: string;
  readonly query?: Query;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
  /** Milliseconds before the request is abandoned; default 60 s. Not applied to streams. */
  readonly timeoutMs?: number;
}

const authRefreshMs = 10_000;

/** Paths that `new URL` leaves as they are (no percent-encoding, no dot segments). */
const plainPath = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9\-._~!$&'()*+,;=:@%]*)*$/;

/** Sends JSON requests to the API server of a KubeConfig's current context. */
export class KubeRestClient {
  readonly server: string;
  private readonly kc: KubeConfig;
  private readonly agent: http.Agent;
  private readonly isHttps: boolean;
  private readonly origin: { hostname: string; port: number; pathPrefix: string };
  private cachedOptions: { options: https.RequestOptions; at: number } | undefined;
  private h2: H2Channel | undefined;

  /**
   * `maxSockets` caps the HTTP/1.1 connections. Calls use HTTP/1.1 unless `http2: true`, or,
   * when `http2` is not given, `VELERO_HTTP2=true` is set without client-go's `DISABLE_HTTP2`:
   * on a quiet machine the HTTP/2 path restored 346-390 objects/s against 556-921 over
   * HTTP/1.1 (bench/restore), so it stays opt-in. HTTP/2 is always skipped for `http:` servers
   * and behind a kubeconfig `proxy-url`.
   */
  constructor(kc: KubeConfig, options: { maxSockets?: number; http2?: boolean } = {}) {
    const cluster = kc.getCurrentCluster();
    if (cluster === null) throw new KubeConnectionError("the kubeconfig has no current cluster");
    this.kc = kc;
    this.server = cluster.server.replace(/\/+$/, "");
    this.isHttps = this.server.startsWith("https:");
    const url = new URL(this.server);
    this.origin = {
      hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: url.port === "" ? (this.isHttps ? 443 : 80) : Number(url.port),
      pathPrefix: url.pathname.replace(/\/+$/, ""),
    };
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 32 };
    this.agent = this.isHttps ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    const h2 = this.isHttps && cluster.proxyUrl === undefined && wantsHttp2(options.http2);
    this.h2 = h2 ? new H2Channel(url.origin, () => this.tlsOptions()) : undefined;
  }

  /** Sends the request and parses the JSON answer; non-2xx answers throw a `KubeApiError`. */
  async request<T = unknown>(request: KubeRequest): Promise<T> {
    const { status, text } = await this.exchange(request);
    const body = parseJson(text);
    if (status < 200 || status > 299) throw kubeErrorFromStatus(request, status, body);
    return body as T;
  }

  /** True while calls go over HTTP/2 (false after the server refused h2). */
  get usesHttp2(): boolean {
    return this.h2 !== undefined;
  }

  /** Sends the request and returns the raw response stream (for logs and watches). */
  async stream(request: KubeRequest): Promise<IncomingMessage> {
    const response = await this.send({ ...request, timeoutMs: 0 });
    const status = response.statusCode ?? 0;
    if (status >= 200 && status <= 299) return response;
    const body = parseJson(await readBody(response));
    throw kubeErrorFromStatus(request, status, body);
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
    this.h2?.close();
  }

  private async exchange(request: KubeRequest): Promise<{ status: number; text: string }> {
    const h2 = this.h2;
    if (h2 !== undefined) {
      const base = await this.requestOptions();
      const payload = encodeBody(request.body);
      const headers = requestHeaders(base, request, payload);
      if (base.auth != null) headers["Authorization"] = basicAuth(base.auth);
      const call = { method: request.method, path: this.pathOf(request), headers, payload };
      const timeoutMs = request.timeoutMs ?? 60_000;
      try {
        return await h2.request({ ...call, timeoutMs, signal: request.signal });
      } catch (error) {
        if (!(error instanceof H2UnavailableError))
          throw connectionError(request, this.server, error);
        if (this.h2 === h2) this.h2 = undefined;
        h2.close();
      }
    }
    const response = await this.send(request);
    return { status: response.statusCode ?? 0, text: await readBody(response) };
  }

  private async tlsOptions(): Promise<SecureClientSessionOptions> {
    const base = await this.requestOptions();
    const tls: SecureClientSessionOptions = {};
    for (const key of tlsKeys) {
      if (base[key] !== undefined) Object.assign(tls, { [key]: base[key] });
    }
    return tls;
  }

  private async send(request: KubeRequest): Promise<IncomingMessage> {
    const base = await this.requestOptions();
    const payload = encodeBody(request.body);
    const headers = requestHeaders(base, request, payload);
    const options: https.RequestOptions = {
      ...base,
      hostname: this.origin.hostname,
      port: this.origin.port,
      path: this.pathOf(request),
      method: request.method,
      headers,
      agent: this.agent,
    };
    return this.dispatch(options, { payload, request });
  }

  /** The request's path and query string, encoded as `new URL` would. */
  private pathOf(request: KubeRequest): string {
    const raw = this.origin.pathPrefix + request.path;
    const path = plainPath.test(raw) ? raw : new URL(raw, "http://h").pathname;
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) query.set(key, String(value));
    }
    return query.size === 0 ? path : `${path}?${query.toString()}`;
  }

  private dispatch(
    options: https.RequestOptions,
    call: { payload: string | undefined; request: KubeRequest },
  ): Promise<IncomingMessage> {
    const transport = this.isHttps ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(options, resolve);
      const fail = (error: unknown): void => {
        reject(connectionError(call.request, this.server, error));
      };
      req.on("error", fail);
      const timeoutMs = call.request.timeoutMs ?? 60_000;
      if (timeoutMs > 0) {
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
      }
      const signal = call.request.signal;
      if (signal !== undefined) {
        if (signal.aborted) req.destroy(signal.reason as Error);
        signal.addEventListener("abort", () => req.destroy(signal.reason as Error), { once: true });
      }
      req.end(call.payload);
    });
  }

  private async requestOptions(): Promise<https.RequestOptions> {
    const now = Date.now();
    if (this.cachedOptions !== undefined && now - this.cachedOptions.at < authRefreshMs) {
      return this.cachedOptions.options;
    }
    const options: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(options);
    this.cachedOptions = { options, at: now };
    return options;
  }
}

/** The TLS settings of the kubeconfig that an HTTP/2 session needs. */
const tlsKeys = [
  "ca",
  "cert",
  "key",
  "pfx",
  "passphrase",
  "rejectUnauthorized",
  "servername",
] as const satisfies readonly (keyof https.RequestOptions)[];

function wantsHttp2(option: boolean | undefined): boolean {
  if (option !== undefined) return option;
  return process.env["VELERO_HTTP2"] === "true" && process.env["DISABLE_HTTP2"] === undefined;
}

function requestHeaders(
  base: https.RequestOptions,
  request: KubeRequest,
  payload: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    ...(base.headers as Record<string, string> | undefined),
    Accept: "application/json",
  };
  if (payload !== undefined) {
    headers["Content-Type"] = request.contentType ?? "application/json";
    headers["Content-Length"] = String(Buffer.byteLength(payload));
  }
  return headers;
}

function basicAuth(auth: string): string {
  return `Basic ${Buffer.from(auth).toString("base64")}`;
}

function encodeBody(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === "string" ? body : JSON.stringify(body);
}

function connectionError(request: KubeRequest, server: string, error: unknown): Error {
  if (request.signal?.aborted === true) return request.signal.reason as Error;
  const reason = error instanceof Error ? error.message : String(error);
  return new KubeConnectionError(
    `cannot reach the Kubernetes API at ${server} (${request.method} ${request.path}): ${reason}`,
    { cause: error },
  );
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.once("end", () => {
      resolve(
        chunks.length === 1
          ? (chunks[0] as Buffer).toString("utf8")
          : Buffer.concat(chunks).toString("utf8"),
      );
    });
    response.once("error", reject);
    response.once("aborted", () => {
      reject(new Error("the response was aborted"));
    });
  });
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.slice(0, 500) };
  }
}
