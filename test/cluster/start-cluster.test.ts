import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { request } from "node:https";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import { makeTempDir } from "../helpers/temp-dir.js";
import { startCluster } from "./start-cluster.js";

const dir = await makeTempDir("cluster-restart-");
after(() => dir.remove());

function get(url: string, ca: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ca, headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("starting, stopping and restarting a cluster", () => {
  it("writes a kubeconfig whose CA verifies the server and whose token authenticates, and refuses other tokens", async () => {
    const cluster = await startCluster({ name: "auth", nodes: 0 });
    try {
      const config = parse(await readFile(cluster.kubeconfigPath, "utf8")) as {
        "current-context": string;
        clusters: {
          name: string;
          cluster: { server: string; "certificate-authority-data": string };
        }[];
        users: { name: string; user: { token: string } }[];
      };
      assert.equal(config["current-context"], "auth");
      const entry = config.clusters[0];
      assert.ok(entry !== undefined);
      assert.equal(entry.cluster.server, cluster.url);
      const ca = Buffer.from(entry.cluster["certificate-authority-data"], "base64").toString();
      const ok = await get(`${cluster.url}/api/v1/namespaces`, ca, config.users[0]?.user.token);
      assert.equal(ok.status, 200);
      const anonymous = await get(`${cluster.url}/api/v1/namespaces`, ca);
      assert.equal(anonymous.status, 401);
      assert.equal((JSON.parse(anonymous.body) as { reason: string }).reason, "Unauthorized");
      assert.equal((await get(`${cluster.url}/api/v1/namespaces`, ca, "wrong")).status, 401);
      const sa = cluster.serviceAccountToken("default", "default");
      assert.equal((await get(`${cluster.url}/api/v1/namespaces`, ca, sa)).status, 200);
      assert.equal((await get(`${cluster.url}/version`, ca)).status, 200);
    } finally {
      await cluster.stop();
    }
  });

  it("keeps objects, uids, the resourceVersion counter, the CA and the token across a restart with a data dir", async () => {
    const first = await startCluster({ name: "keep", nodes: 2, dataDir: dir.path });
    const ref = { group: "", version: "v1", resource: "configmaps" };
    const created = first.api.create(ref, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "kept", namespace: "default" },
      data: { a: "1" },
    });
    first.api.create(ref, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "gone", namespace: "default" },
    });
    first.api.delete(ref, "default", "gone");
    first.api.create(
      { group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions" },
      {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: "gizmos.example.com" },
        spec: {
          group: "example.com",
          scope: "Cluster",
          names: { plural: "gizmos", kind: "Gizmo" },
          versions: [
            {
              name: "v1",
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
              },
            },
          ],
        },
      },
    );
    const ca = await readFile(first.caCertPath, "utf8");
    await first.stop();

    const second = await startCluster({ name: "keep", nodes: 2, dataDir: dir.path });
    try {
      const kept = second.api.get(ref, "default", "kept");
      assert.equal(kept?.metadata.uid, created.metadata.uid);
      assert.deepEqual(kept?.["data"], { a: "1" });
      assert.equal(second.api.get(ref, "default", "gone"), undefined);
      assert.equal(await readFile(second.caCertPath, "utf8"), ca);
      assert.equal(second.adminToken, first.adminToken);
      const next = second.api.create(ref, {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "after", namespace: "default" },
      });
      assert.ok(Number(next.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
      assert.deepEqual(
        second.api
          .list({ group: "", version: "v1", resource: "nodes" })
          .map((n) => n.metadata.name),
        ["keep-node-1", "keep-node-2"],
      );
    } finally {
      await second.stop();
    }
  });
});
