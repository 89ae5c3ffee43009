import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { AlreadyExistsError, ConflictError, GoneError, NotFoundError } from "./errors.js";
import { ResourceClient } from "./resource-client.js";
import { KubeRestClient } from "./rest-client.js";
import { kubeConfigFor } from "./testing/kubeconfig-for.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const configMaps = { group: "", version: "v1", resource: "configmaps", namespaced: true };

describe("ResourceClient against a scripted API server", () => {
  let handler: Handler = (_req, res) => res.end("{}");
  const seen: { method: string; url: string; auth: string; contentType: string; body: string }[] =
    [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        auth: req.headers.authorization ?? "",
        contentType: req.headers["content-type"] ?? "",
        body,
      });
      handler(req, res, body);
    });
  });
  let rest: KubeRestClient;
  let client: ResourceClient;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    rest = new KubeRestClient(kubeConfigFor(`http://127.0.0.1:${port}`, "s3cret"));
    client = new ResourceClient(rest, configMaps);
  });
  after(() => {
    rest.close();
    server.close();
  });

  function status(res: ServerResponse, code: number, reason: string, message: string): void {
    res.statusCode = code;
    res.end(JSON.stringify({ kind: "Status", status: "Failure", code, reason, message }));
  }

  it("sends the bearer token and pages through a list with limit and continue", async () => {
    seen.length = 0;
    handler = (req, res) => {
      const url = new URL(req.url ?? "", "http://x");
      const token = url.searchParams.get("continue");
      const page = token === null ? 1 : Number(token);
      res.end(
        JSON.stringify({
          metadata: { resourceVersion: "42", continue: page < 3 ? String(page + 1) : undefined },
          items: [{ metadata: { name: `cm-${page}` } }],
        }),
      );
    };
    const names: string[] = [];
    for await (const page of client.listPages({ namespace: "app", limit: 1 })) {
      names.push(...page.items.map((i) => i.metadata?.name ?? ""));
    }
    assert.deepEqual(names, ["cm-1", "cm-2", "cm-3"]);
    assert.equal(seen.length, 3);
    const [first, , third] = seen;
    assert.equal(first!.auth, "Bearer s3cret");
    assert.match(first!.url, /^\/api\/v1\/namespaces\/app\/configmaps\?limit=1$/);
    assert.match(third!.url, /continue=3/);
  });

  it("turns Status answers into named errors carrying the server's message", async () => {
    handler = (req, res) => {
      if (req.method === "GET") status(res, 404, "NotFound", 'configmaps "x" not found');
      else if (req.method === "POST")
        status(res, 409, "AlreadyExists", 'configmaps "x" already exists');
      else status(res, 409, "Conflict", "the object has been modified");
    };
    await assert.rejects(client.get("x", "app"), (e: unknown) => {
      assert.ok(e instanceof NotFoundError);
      assert.equal(e.message, 'configmaps "x" not found');
      assert.equal(e.statusCode, 404);
      return true;
    });
    await assert.rejects(
      client.create({ metadata: { name: "x", namespace: "app" } }),
      AlreadyExistsError,
    );
    await assert.rejects(
      client.replace({ metadata: { name: "x", namespace: "app", resourceVersion: "1" } }),
      ConflictError,
    );
  });

  it("sends patches with the content type of their flavour", async () => {
    seen.length = 0;
    handler = (_req, res) => res.end(JSON.stringify({ metadata: { name: "x" } }));
    await client.patch("x", { data: { a: "b" } }, { namespace: "app" });
    await client.patch("x", [{ op: "add", path: "/data/c", value: "d" }], {
      namespace: "app",
      type: "json",
    });
    assert.deepEqual(
      seen.map((s) => s.contentType),
      ["application/merge-patch+json", "application/json-patch+json"],
    );
    assert.equal(seen[0]?.url, "/api/v1/namespaces/app/configmaps/x");
  });

  it("streams watch events and turns an expired version into GoneError", async () => {
    handler = (req, res) => {
      const url = new URL(req.url ?? "", "http://x");
      res.writeHead(200, { "Content-Type": "application/json" });
      if (url.searchParams.get("resourceVersion") === "1") {
        res.end(
          JSON.stringify({
            type: "ERROR",
            object: {
              kind: "Status",
              code: 410,
              reason: "Expired",
              message: "too old resource version",
            },
          }) + "\n",
        );
        return;
      }
      res.write(JSON.stringify({ type: "ADDED", object: { metadata: { name: "a" } } }) + "\n");
      res.end(JSON.stringify({ type: "DELETED", object: { metadata: { name: "a" } } }) + "\n");
    };
    const events: string[] = [];
    for await (const event of client.watch({ resourceVersion: "5" })) {
      events.push(`${event.type} ${event.object.metadata?.name ?? ""}`);
    }
    assert.deepEqual(events, ["ADDED a", "DELETED a"]);
    await assert.rejects(async () => {
      for await (const _ of client.watch({ resourceVersion: "1" })) {
        // drain
      }
    }, GoneError);
  });
});
