// The API server's pods/exec endpoint for upgrade requests: checks the request as the API
// server does (command, container, node), asks the pod's kubelet for the process, accepts the
// WebSocket with the negotiated channel protocol and runs the session. Refusals before the
// upgrade are HTTP answers written on the raw socket (a JSON Status, or the kubelet's plain
// text); with v5 the kubelet's refusal comes after the upgrade, on the error channel.
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { Logger } from "../../../lib/log.js";
import { ApiError, type KubeObject } from "../cluster-api.js";
import type { Pod } from "../controllers/kube-types.js";
import { errorStatus } from "../http/responses.js";
import { selectLogContainer } from "../kubelet/pod-log-source.js";
import {
  channels,
  containerNotFound,
  internalErrorMessage,
  negotiateProtocol,
  parseExecRequest,
} from "./exec-protocol.js";
import { runExecSession } from "./exec-session.js";
import type { PodExecSource } from "./pod-exec-source.js";

/** An upgrade request addressed to `pods/<name>/exec`. */
export interface ExecUpgrade {
  readonly req: IncomingMessage;
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly pod: KubeObject;
  readonly query: URLSearchParams;
}

function writeRaw(socket: Duplex, code: number, contentType: string, body: string): void {
  socket.on("error", () => undefined);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const head = [
    `HTTP/1.1 ${String(code)} ${STATUS_CODES[code] ?? ""}`,
    `Content-Type: ${contentType}`,
    `Content-Length: ${String(Buffer.byteLength(body))}`,
    "Cache-Control: no-cache, private",
    "Connection: close",
  ];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}

/** Answers an upgrade request that cannot go on with the API's Status for `error`. */
export function writeUpgradeError(socket: Duplex, error: unknown): void {
  const { code, body } = errorStatus(error);
  writeRaw(socket, code, "application/json", JSON.stringify(body));
}

function isWebSocket(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? "").toLowerCase() === "websocket";
}

/** Options of {@link ExecEndpoint}. */
export interface ExecEndpointOptions {
  /** The kubelets, once the simulated nodes run. */
  readonly source: () => PodExecSource | undefined;
  readonly log: Logger;
}

/** See the file comment. */
export class ExecEndpoint {
  private readonly options: ExecEndpointOptions;
  private readonly server: WebSocketServer;
  private readonly sessions = new Set<WebSocket>();

  constructor(options: ExecEndpointOptions) {
    this.options = options;
    this.server = new WebSocketServer({
      noServer: true,
      handleProtocols: (_offered, req) =>
        negotiateProtocol(req.headers["sec-websocket-protocol"]) ?? false,
    });
  }

  /** Serves one upgrade request; throws ApiError for the refusals the API server makes itself. */
  handle(upgrade: ExecUpgrade): void {
    const pod = upgrade.pod as Pod;
    const name = pod.metadata.name ?? "";
    const request = parseExecRequest(upgrade.query);
    const container = selectLogContainer(pod, request.container);
    if ((pod.spec.nodeName ?? "") === "")
      throw new ApiError(400, "BadRequest", `pod ${name} does not have a host assigned`);
    if (!isWebSocket(upgrade.req))
      throw new ApiError(
        400,
        "BadRequest",
        "the local test cluster serves exec over WebSocket only",
      );
    const protocol = negotiateProtocol(upgrade.req.headers["sec-websocket-protocol"]);
    if (protocol === undefined)
      throw new ApiError(400, "BadRequest", "requested protocol(s) are not supported");
    const command = this.options.source()?.command(pod, container, request.command);
    if (command === undefined && protocol !== "v5.channel.k8s.io") {
      writeRaw(upgrade.socket, 500, "text/plain; charset=utf-8", containerNotFound(container));
      return;
    }
    this.accept(upgrade, (socket) => {
      if (command === undefined) {
        refuse(socket, containerNotFound(container));
        return;
      }
      void runExecSession({ socket, protocol, request, command, log: this.options.log });
    });
  }

  /** Ends every open session (the server is stopping). */
  closeAll(): void {
    for (const socket of this.sessions) socket.terminate();
    this.server.close();
  }

  private accept(upgrade: ExecUpgrade, run: (socket: WebSocket) => void): void {
    this.server.handleUpgrade(upgrade.req, upgrade.socket, upgrade.head, (socket) => {
      this.sessions.add(socket);
      socket.once("close", () => this.sessions.delete(socket));
      run(socket);
    });
  }
}

function refuse(socket: WebSocket, cause: string): void {
  const message = internalErrorMessage(cause);
  socket.send(Buffer.concat([Buffer.of(channels.error), Buffer.from(message)]));
  socket.close(1000);
}
