import assert from "node:assert/strict";
import { request } from "node:https";
import { after, describe, it } from "node:test";
import { startCluster } from "../start-cluster.js";
import { readFile } from "node:fs/promises";

const cluster = await startCluster({ name: "watch", nodes: 0, controllers: false });
after(() => cluster.stop());
const ca = await readFile(cluster.caCertPath, "utf8");
const configmaps = { group: "", version: "v1", resource: "configmaps" };

interface WatchEvent {
  type: string;
  object: {
    kind?: string;
    code?: number;
    reason?: string;
    metadata: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
  };
}

/** Reads a watch until `enough` says so (then aborts) or the server ends it; returns the events. */
function watch(
  path: string,
  enough: (events: WatchEvent[]) => boolean = () => false,
): Promise<{ status: number; events: WatchEvent[] }> {
  return new Promise((resolve, reject) => {
    const events: WatchEvent[] = [];
    const req = request(
      `${cluster.url}${path}`,
      { ca, headers: { Authorization: `Bearer ${cluster.adminToken}` } },
      (res) => {
        let buffer = "";
        res.on("data", (chunk: Buffer) => {
          buffer += chunk.toString();
          const lines = buffer.split("\n");
          buffer = lines.pop() ?? "";
          for (const line of lines) if (line !== "") events.push(JSON.parse(line) as WatchEvent);
          if (enough(events)) {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, events });
          }
        });
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, events });
        });
      },
    );
    req.on("error", (error) => {
      if (!req.destroyed) reject(error);
    });
    req.end();
  });
}

function create(name: string, labels: Record<string, string> = {}): string {
  return (
    cluster.api.create(configmaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name, namespace: "default", labels },
    }).metadata.resourceVersion ?? ""
  );
}

describe("watch over HTTP", () => {
  it("replays changes newer than the requested resourceVersion and ends at timeoutSeconds", async () => {
    const from = create("w-a");
    create("w-b");
    const { status, events } = await watch(
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${from}&timeoutSeconds=1`,
    );
    assert.equal(status, 200);
    assert.deepEqual(
      events.map((e) => `${e.type}:${e.object.metadata.name ?? ""}`),
      ["ADDED:w-b"],
    );
  });

  it("starts with the current objects as ADDED events when no resourceVersion is given", async () => {
    const { events } = await watch(
      "/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dw-a&timeoutSeconds=1",
    );
    assert.deepEqual(
      events.map((e) => `${e.type}:${e.object.metadata.name ?? ""}`),
      ["ADDED:w-a"],
    );
  });

  it("answers a resourceVersion older than the kept history with a 410 Expired ERROR event", async () => {
    const old = create("w-c");
    create("w-d");
    cluster.hooks.compactHistory();
    const { events } = await watch(`/api/v1/configmaps?watch=true&resourceVersion=${old}`);
    assert.deepEqual(
      events.map((e) => [e.type, e.object.code, e.object.reason]),
      [["ERROR", 410, "Expired"]],
    );
  });

  it("sends initial events and a bookmark marking their end when asked", async () => {
    const { events } = await watch(
      "/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=initial%3Dyes",
      (seen) => seen.some((e) => e.type === "BOOKMARK"),
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ["BOOKMARK"],
    );
    assert.equal(events[0]?.object.metadata.annotations?.["k8s.io/initial-events-end"], "true");
  });

  it("turns changes that move an object into or out of a label selection into ADDED and DELETED", async () => {
    const from = create("w-sel", { tier: "a" });
    const done = watch(
      `/api/v1/namespaces/default/configmaps?watch=true&labelSelector=tier%3Db&resourceVersion=${from}`,
      (seen) => seen.length >= 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const current = cluster.api.get(configmaps, "default", "w-sel");
    assert.ok(current !== undefined);
    const moved = cluster.api.update(configmaps, {
      ...current,
      metadata: { ...current.metadata, labels: { tier: "b" } },
    });
    cluster.api.update(configmaps, {
      ...moved,
      metadata: { ...moved.metadata, labels: { tier: "c" } },
    });
    const { events } = await done;
    assert.deepEqual(
      events.map((e) => `${e.type}:${e.object.metadata.name ?? ""}`),
      ["ADDED:w-sel", "DELETED:w-sel"],
    );
  });
});
