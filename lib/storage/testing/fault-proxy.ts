// An HTTP proxy on 127.0.0.1 that sits in front of a real storage server and, on request,
// resets connections, answers 503 or never answers, and counts the requests it saw.
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the proxy does with one request. */
export type FaultAction = "reset" | "unavailable" | "hang";

/** A queued fault: applied to the next request that `matches` (every request when absent). */
export interface Fault {
  readonly action: FaultAction;
  readonly matches?: (request: { method: string; url: string }) => boolean;
}

/** One request the proxy saw, and what it did with it. */
export interface ProxiedRequest {
  readonly method: string;
  readonly url: string;
  readonly action: FaultAction | "forwarded";
}

/** Proxies every request to `target`, applying queued faults first. */
export class FaultProxy {
  /** Every request seen, in arrival order. */
  readonly requests: ProxiedRequest[] = [];
  private readonly target: URL;
  private readonly server: Server;
  private readonly agent = new Agent({ keepAlive: false });
  private readonly sockets = new Set<Socket>();
  private faults: Fault[] = [];

  private constructor(target: string) {
    this.target = new URL(target);
    this.server = createServer((req, res) => {
      this.handle(req, res);
    });
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.once("close", () => {
        this.sockets.delete(socket);
      });
    });
  }

  /** Starts a proxy for `target` (e.g. `http://127.0.0.1:7480`) on a free port. */
  static async start(target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(target);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once("error", reject);
      proxy.server.listen(0, "127.0.0.1", resolve);
    });
    return proxy;
  }

  /** `http://127.0.0.1:<port>` plus the target's path (e.g. Azurite's `/devstoreaccount1`). */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    const path = this.target.pathname === "/" ? "" : this.target.pathname;
    return `http://127.0.0.1:${port}${path}`;
  }

  /** Queues `times` copies of a fault. */
  inject(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push(fault);
  }

  /** Forgets queued faults and recorded requests. */
  reset(): void {
    this.faults = [];
    this.requests.length = 0;
  }

  /** Faults still queued (not yet matched by a request). */
  get pendingFaults(): number {
    return this.faults.length;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.agent.destroy();
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const at = this.faults.findIndex((f) => f.matches === undefined || f.matches({ method, url }));
    const fault = at >= 0 ? this.faults.splice(at, 1)[0] : undefined;
    this.requests.push({ method, url, action: fault?.action ?? "forwarded" });
    if (fault === undefined) {
      this.forward(req, res);
      return;
    }
    this.applyFault(fault.action, req, res);
  }

  private applyFault(action: FaultAction, req: IncomingMessage, res: ServerResponse): void {
    switch (action) {
      case "reset":
        req.socket.resetAndDestroy();
        return;
      case "unavailable":
        req.resume();
        res.writeHead(503, { connection: "close", "content-length": "0", "retry-after": "0" });
        res.end();
        return;
      case "hang":
        req.resume();
        return;
    }
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const headers = { ...req.headers };
    delete headers.expect;
    const upstream = httpRequest(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers,
        agent: this.agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => req.socket.destroy());
    req.pipe(upstream);
  }
}
