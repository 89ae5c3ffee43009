import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Readable } from "node:stream";
import { ArchiveWriter, extractArchive, type ExtractedArchive } from "../../lib/archive/index.js";
import type { RestoreSpec } from "../../lib/api/index.js";
import { KubeRestClient, ResourceCatalog, type DiscoveredResource } from "../../lib/kube/index.js";
import { KubeConfig } from "@kubernetes/client-node";
import { silentLogger } from "../../lib/log.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { ClusterResources } from "./cluster-resources.js";
import { planResources } from "./restore-plan.js";
import { RestoreResults } from "./restore-results.js";
import { RestoreScope } from "./restore-scope.js";

function served(
  apiVersion: string,
  resource: string,
  kind: string,
  namespaced = true,
): DiscoveredResource {
  const slash = apiVersion.indexOf("/");
  return {
    group: slash < 0 ? "" : apiVersion.slice(0, slash),
    version: apiVersion.slice(slash + 1),
    resource,
    kind,
    namespaced,
    singularName: kind.toLowerCase(),
    verbs: ["create", "get", "list", "patch"],
    shortNames: [],
    categories: [],
    preferred: true,
  };
}

const catalog = new ResourceCatalog([
  served("v1", "configmaps", "ConfigMap"),
  served("v1", "namespaces", "Namespace", false),
  served("v1", "persistentvolumes", "PersistentVolume", false),
  served("apps/v1", "deployments", "Deployment"),
]);
const kc = new KubeConfig();
kc.loadFromOptions({
  clusters: [{ name: "c", server: "http://127.0.0.1:1" }],
  users: [{ name: "u" }],
  contexts: [{ name: "x", cluster: "c", user: "u" }],
  currentContext: "x",
});
const cluster = new ClusterResources(new KubeRestClient(kc), catalog);

async function archiveOf(items: Record<string, unknown>[]): Promise<ExtractedArchive> {
  const writer = new ArchiveWriter();
  const chunks: Buffer[] = [];
  writer.stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => writer.stream.on("end", resolve));
  for (const item of items) {
    const apiVersion = String(item["apiVersion"]);
    const kind = String(item["kind"]);
    const groupResource =
      {
        ConfigMap: "configmaps",
        Namespace: "namespaces",
        PersistentVolume: "persistentvolumes",
        Deployment: "deployments.apps",
        Gadget: "gadgets.example.com",
      }[kind] ?? "";
    await writer.add(item, { groupResource, version: apiVersion.split("/").pop() ?? "v1" });
  }
  await writer.finish();
  await ended;
  const dir = await makeTempDir("restore-plan-");
  after(() => dir.remove());
  return extractArchive(Readable.from([Buffer.concat(chunks)]), { parentDir: dir.path });
}

const archive = await archiveOf([
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } },
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "b" } },
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "c1", namespace: "a", labels: { app: "x" } },
  },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c2", namespace: "a" } },
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "c3", namespace: "b", labels: { app: "x" } },
  },
  { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d1", namespace: "b" } },
  { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pv1" } },
  { apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g1", namespace: "a" } },
]);
after(() => archive.remove());

const order = [
  "namespaces",
  "persistentvolumes",
  "configmaps",
  "deployments.apps",
  "gadgets.example.com",
];

async function plan(spec: Partial<RestoreSpec>): Promise<Record<string, string[]>> {
  const fullSpec: RestoreSpec = { backupName: "b1", ...spec };
  const scope = new RestoreScope({
    spec: fullSpec,
    resolve: (name) => cluster.info(name),
    backupNamespaces: ["a", "b"],
  });
  const planned = await planResources(
    {
      archive,
      cluster,
      scope,
      namespaceMapping: fullSpec.namespaceMapping ?? {},
      results: new RestoreResults(),
      log: silentLogger,
    },
    order,
  );
  return Object.fromEntries(
    planned.map((r) => [
      r.groupResource,
      r.namespaces.flatMap((ns) => ns.names.map((n) => `${ns.namespace}>${ns.target}/${n}`)),
    ]),
  );
}

describe("restore planning", () => {
  it("selects everything served, in the given order, leaving out resources the cluster does not serve", async () => {
    assert.deepEqual(await plan({}), {
      namespaces: [">/a", ">/b"],
      persistentvolumes: [">/pv1"],
      configmaps: ["a>a/c1", "a>a/c2", "b>b/c3"],
      "deployments.apps": ["b>b/d1"],
    });
  });

  it("keeps cluster-scoped items out when only some namespaces are included and includeClusterResources is unset", async () => {
    assert.deepEqual(await plan({ includedNamespaces: ["a"] }), {
      configmaps: ["a>a/c1", "a>a/c2"],
    });
  });

  it("takes cluster-scoped items with includeClusterResources true and none with false", async () => {
    const withCluster = await plan({ includedNamespaces: ["a"], includeClusterResources: true });
    assert.deepEqual(withCluster["persistentvolumes"], [">/pv1"]);
    assert.deepEqual(withCluster["namespaces"], [">/a"]);
    const without = await plan({ includeClusterResources: false });
    assert.equal(without["persistentvolumes"], undefined);
    assert.equal(without["namespaces"], undefined);
  });

  it("applies resource filters, label selectors and namespace mapping", async () => {
    assert.deepEqual(
      await plan({
        includedResources: ["configmaps"],
        labelSelector: { matchLabels: { app: "x" } },
        namespaceMapping: { a: "a2" },
      }),
      { configmaps: ["a>a2/c1", "b>b/c3"] },
    );
  });

  it("excludes namespaces by glob, and with them the cluster-scoped items", async () => {
    const planned = await plan({ excludedNamespaces: ["b*"] });
    assert.deepEqual(planned["configmaps"], ["a>a/c1", "a>a/c2"]);
    assert.equal(planned["namespaces"], undefined);
  });
});
