// The programs' HTTP endpoint (Velero's `:8085`): /metrics for Prometheus, /healthz, /livez and /readyz.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

/** Options of {@link startHealthServer}. */
export interface HealthServerOptions {
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  /** True once the program is ready to act (caches synced; for the agent, the lease held). */
  readonly isReady: () => boolean;
}

/** A running endpoint. */
export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

function serveMetrics(registry: Registry, res: ServerResponse): void {
  registry.metrics().then(
    (text) => {
      res.writeHead(200, { "Content-Type": registry.contentType });
      res.end(text);
    },
    (error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    },
  );
}

/** Serves /metrics, /healthz and /livez (ok while the process lives) and /readyz. */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/metrics") {
      serveMetrics(options.registry, res);
    } else if (path === "/healthz" || path === "/livez") {
      res.end("ok");
    } else if (path === "/readyz") {
      const ready = options.isReady();
      res.writeHead(ready ? 200 : 503);
      res.end(ready ? "ok" : "not ready");
    } else {
      res.writeHead(404);
      res.end("not found");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
