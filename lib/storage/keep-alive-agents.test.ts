import assert from "node:assert/strict";
import { createServer, get as httpGet } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { after, describe, it } from "node:test";
import { idleSocketTimeoutMs, KeepAliveHttpAgent } from "./keep-alive-agents.js";

describe("KeepAliveHttpAgent", () => {
  const closedByClient: boolean[] = [];
  const server = createServer((_req, res) => {
    res.end("ok");
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", (socket: Socket) => {
    socket.on("close", () => {
      closedByClient.push(true);
    });
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  async function get(agent: KeepAliveHttpAgent): Promise<Socket> {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = httpGet({ host: "127.0.0.1", port, agent }, (res) => {
        res.resume();
        res.on("end", () => {
          resolve(req.socket as Socket);
        });
      });
      req.on("error", reject);
    });
  }

  it("reuses a connection and closes it once idle, long before the server's keep-alive timeout", async () => {
    const agent = new KeepAliveHttpAgent();
    after(() => {
      agent.destroy();
    });
    const socket = await get(agent);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(Object.values(agent.freeSockets).flat().length, 1, "the socket is pooled");
    assert.ok(
      socket.timeout !== undefined && socket.timeout > 0 && socket.timeout <= idleSocketTimeoutMs,
    );
    const deadline = Date.now() + idleSocketTimeoutMs + 5_000;
    while (closedByClient.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(closedByClient.length, 1, "the client closed the idle connection");
  });
});
