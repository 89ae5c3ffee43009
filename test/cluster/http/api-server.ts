// The HTTPS front of the API: bearer-token authentication, health and version endpoints,
// discovery, OpenAPI, and resource requests dispatched to their verb handlers (over HTTP/1.1, or
// HTTP/2 for clients that offer only h2: see alpn-front.ts).
import type { Server } from "node:tls";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "../../../lib/log.js";
import { ApiError } from "../cluster-api.js";
import type { PodLogSource } from "../cluster-api.js";
import type { ApiContext } from "../api/api-context.js";
import { methodNotAllowed, notFound } from "../api/api-errors.js";
import { KUBERNETES_VERSION } from "../bootstrap.js";
import { ExecEndpoint, writeUpgradeError } from "../exec/exec-endpoint.js";
import type { PodExecSource } from "../exec/pod-exec-source.js";
import type { ClusterCertificates } from "../security/certificates.js";
import type { TokenAuthority } from "../security/token-authority.js";
import {
  handleCreate,
  handleDelete,
  handleDeleteCollection,
  handleGet,
  handleList,
  handlePatch,
  handleUpdate,
  handleWatch,
} from "./api-handlers.js";
import type { ApiCall } from "./api-handlers.js";
import { createAlpnFront } from "./alpn-front.js";
import { Discovery, aggregatedDiscoveryVersion } from "./discovery.js";
import { OpenApi, serveOpenApiV2 } from "./openapi.js";
import { parseRequestInfo } from "./request-info.js";
import type { RequestInfo } from "./request-info.js";
import type { ResourceType } from "../registry/resource-type.js";
import { sendError, sendJson, statusObject } from "./responses.js";
import {
  handleBinding,
  handleEviction,
  handleFinalize,
  handleLog,
  handleScale,
  handleToken,
} from "./subresource-handlers.js";
import { WatchRegistry } from "./watch-stream.js";

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  readonly ctx: ApiContext;
  readonly tokens: TokenAuthority;
  readonly certificates: ClusterCertificates;
  readonly log: Logger;
  /** The kubelet's log source, once controllers run. */
  readonly logs: () => PodLogSource | undefined;
  /** The kubelets' side of pods/exec, once controllers run. */
  readonly exec?: () => PodExecSource | undefined;
  /** Called when a namespace's finalizers change through `namespaces/<n>/finalize`. */
  readonly terminateNamespace: (name: string) => void;
  readonly port?: number;
}

/** A listening API server. */
export interface ApiServer {
  readonly url: string;
  readonly port: number;
  readonly watches: WatchRegistry;
  close(): Promise<void>;
}

const OPEN_PATHS = /^\/(healthz|livez|readyz|version)(\/.*)?$/;

class Router {
  private readonly options: ApiServerOptions;
  private readonly discovery: Discovery;
  private readonly openapi: OpenApi;
  readonly watches = new WatchRegistry();
  readonly exec: ExecEndpoint;
  address = "127.0.0.1:0";

  constructor(options: ApiServerOptions) {
    this.options = options;
    this.exec = new ExecEndpoint({ source: options.exec ?? (() => undefined), log: options.log });
    this.discovery = new Discovery(options.ctx.registry);
    this.openapi = new OpenApi(options.ctx.registry);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "https://local");
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
    this.route(req, res, path, url.searchParams).catch((error: unknown) => {
      if (!(error instanceof ApiError))
        this.options.log.warn("request failed", { error, path, method: req.method });
      sendError(res, error);
    });
  }

  /** Upgrade requests: only `pods/<name>/exec` is served. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    try {
      const url = new URL(req.url ?? "/", "https://local");
      if (!this.authenticated(req)) throw new ApiError(401, "Unauthorized", "Unauthorized");
      const path = url.pathname.replace(/\/+$/, "");
      const { info, type } = this.resolve(req, path, url.searchParams);
      if (type.group !== "" || type.resource !== "pods" || info.subresource !== "exec")
        throw new ApiError(404, "NotFound", "the server could not find the requested resource");
      const name = info.name ?? "";
      const pod = this.options.ctx.store.get(type.storageKey, info.namespace ?? "", name);
      if (pod === undefined) throw notFound(type, name);
      this.exec.handle({ req, socket, head, pod, query: url.searchParams });
    } catch (error) {
      writeUpgradeError(socket, error);
    }
  }

  private authenticated(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
    return token !== "" && this.options.tokens.authenticate(token) !== undefined;
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    const open = OPEN_PATHS.exec(path);
    if (open !== null) {
      this.serveOpen(res, open[1] ?? "");
      return;
    }
    if (!this.authenticated(req)) {
      sendJson(res, 401, statusObject(401, "Unauthorized", "Unauthorized"));
      return;
    }
    if (this.serveDiscovery(req, res, path)) return;
    if (path.startsWith("/openapi/")) {
      this.serveOpenApi(req, res, path);
      return;
    }
    await this.serveResource(req, res, path, query);
  }

  private serveOpen(res: ServerResponse, what: string): void {
    if (what !== "version") {
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("ok");
      return;
    }
    const [major = "1", minor = "32"] = KUBERNETES_VERSION.slice(1).split(".");
    sendJson(res, 200, {
      major,
      minor,
      gitVersion: KUBERNETES_VERSION,
      gitCommit: "0000000000000000000000000000000000000000",
      gitTreeState: "clean",
      buildDate: "2025-04-22T16:00:00Z",
      goVersion: "go1.23.8",
      compiler: "gc",
      platform: "linux/amd64",
    });
  }

  private sendDocument(
    req: IncomingMessage,
    res: ServerResponse,
    doc: { body: string; etag: string },
    contentType: string,
  ): void {
    if (req.headers["if-none-match"] === doc.etag) {
      res.writeHead(304, { ETag: doc.etag });
      res.end();
      return;
    }
    res.writeHead(200, {
      "Content-Type": contentType,
      ETag: doc.etag,
      "Content-Length": String(Buffer.byteLength(doc.body)),
    });
    res.end(doc.body);
  }

  private serveDiscovery(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const parts = path.split("/").filter((p) => p !== "");
    if (parts.length > 3) return false;
    const aggregated = aggregatedDiscoveryVersion(req.headers.accept);
    const build = this.discoveryBuilder(parts, aggregated !== undefined);
    if (build === undefined) return false;
    const key = `${path}|${aggregated ?? ""}`;
    if (build() === undefined)
      throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    const doc = this.discovery.document(key, () => {
      const body = build() as Record<string, unknown>;
      return aggregated === "v2beta1"
        ? { ...body, apiVersion: "apidiscovery.k8s.io/v2beta1" }
        : body;
    });
    const type =
      aggregated === undefined
        ? "application/json"
        : `application/json;g=apidiscovery.k8s.io;v=${aggregated};as=APIGroupDiscoveryList`;
    this.sendDocument(req, res, doc, type);
    return true;
  }

  private discoveryBuilder(parts: string[], aggregated: boolean): (() => unknown) | undefined {
    const [root, a = "", b = ""] = parts;
    const key = `${root ?? ""}/${parts.length}`;
    const builders: Record<string, () => unknown> = {
      "api/1": () =>
        aggregated ? this.discovery.aggregated(true) : this.discovery.apiVersions(this.address),
      "apis/1": () => (aggregated ? this.discovery.aggregated(false) : this.discovery.groupList()),
      "api/2": () => this.discovery.resourceList("", a),
      "apis/2": () => this.discovery.group(a),
      "apis/3": () => this.discovery.resourceList(a, b),
    };
    return Object.hasOwn(builders, key) ? builders[key] : undefined;
  }

  private serveOpenApi(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (path === "/openapi/v2") {
      serveOpenApiV2(req, res);
      return;
    }
    if (path === "/openapi/v3") {
      sendJson(res, 200, this.openapi.index());
      return;
    }
    const doc = path.startsWith("/openapi/v3/")
      ? this.openapi.document(path.slice("/openapi/v3/".length))
      : undefined;
    if (doc === undefined)
      throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    res.writeHead(200, {
      "Content-Type": "application/json",
      "Content-Length": String(Buffer.byteLength(doc)),
    });
    res.end(doc);
  }

  private resolve(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
  ): { info: RequestInfo; type: ResourceType } {
    const info = parseRequestInfo(path, req.method ?? "GET", query.get("watch"));
    const type =
      info === undefined
        ? undefined
        : this.options.ctx.registry.lookup(info.group, info.version, info.resource);
    if (
      info === undefined ||
      type === undefined ||
      (!type.namespaced && info.namespace !== undefined)
    ) {
      throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    }
    return { info, type };
  }

  private async serveResource(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    const { info, type } = this.resolve(req, path, query);
    const call: ApiCall = {
      req,
      res,
      query,
      info,
      type,
      ctx: this.options.ctx,
      watches: this.watches,
      warnings: [],
    };
    if (info.subresource !== undefined && info.subresource !== "status") {
      await this.serveSubresource(call, info.subresource);
      return;
    }
    if (!type.verbs.includes(info.verb) || (info.subresource === "status" && !type.hasStatus))
      throw methodNotAllowed();
    await this.dispatch(call);
  }

  private async dispatch(call: ApiCall): Promise<void> {
    switch (call.info.verb) {
      case "get":
        handleGet(call);
        return;
      case "list":
        handleList(call);
        return;
      case "watch":
        handleWatch(call);
        return;
      case "create":
        await handleCreate(call);
        return;
      case "update":
        await handleUpdate(call);
        return;
      case "patch":
        await handlePatch(call);
        return;
      case "delete":
        await handleDelete(call);
        return;
      case "deletecollection":
        await handleDeleteCollection(call);
        return;
      default:
        throw methodNotAllowed();
    }
  }

  private async serveSubresource(call: ApiCall, subresource: string): Promise<void> {
    const name = call.info.name ?? "";
    if (!call.type.subresources.includes(subresource)) {
      throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    }
    const handlers: Record<string, () => void | Promise<void>> = {
      "scale/get": () => handleScale(call, name),
      "scale/update": () => handleScale(call, name),
      "scale/patch": () => handleScale(call, name),
      "log/get": () => {
        handleLog(call, name, this.options.logs());
      },
      "binding/create": () => handleBinding(call, name),
      "exec/get": upgradeRequired,
      "exec/create": upgradeRequired,
      "eviction/create": () => {
        handleEviction(call, name);
      },
      "finalize/update": () => handleFinalize(call, name, this.options.terminateNamespace),
      "token/create": () =>
        handleToken(call, name, (ns, sa) => this.options.tokens.serviceAccountToken(ns, sa)),
    };
    const key = `${subresource}/${call.info.verb}`;
    const handler = Object.hasOwn(handlers, key) ? handlers[key] : undefined;
    if (handler === undefined) throw methodNotAllowed();
    await handler();
  }
}

function upgradeRequired(): never {
  throw new ApiError(400, "BadRequest", "Upgrade request required");
}

/** Starts the HTTPS API server on 127.0.0.1 (port 0 picks a free port). */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const router = new Router(options);
  const server: Server = createAlpnFront({
    cert: options.certificates.serverCertificate,
    key: options.certificates.serverKey,
    request: (req, res) => {
      router.handle(req, res);
    },
    upgrade: (req, socket, head) => {
      router.upgrade(req, socket, head);
    },
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  router.address = `127.0.0.1:${port}`;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    watches: router.watches,
    close: async () => {
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      router.watches.endAll();
      router.exec.closeAll();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
