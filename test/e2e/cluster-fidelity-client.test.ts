// Fidelity of the local test cluster as @kubernetes/client-node sees it: typed and generic CRUD,
// errors, list paging, and informers that follow changes and recover from a dropped watch and
// from 410 Gone.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  V1ConfigMap,
  V1Namespace,
  V1ObjectMeta,
  makeInformer,
} from "@kubernetes/client-node";
import type { KubernetesObject } from "@kubernetes/client-node";
import { startTestCluster } from "../helpers/local-cluster.js";

const cluster = await startTestCluster({ name: "client" });
const kc = new KubeConfig();
kc.loadFromFile(cluster.kubeconfigPath);
const core = kc.makeApiClient(CoreV1Api);
const objects = KubernetesObjectApi.makeApiClient(kc);

function meta(name: string, namespace?: string): V1ObjectMeta {
  return Object.assign(
    new V1ObjectMeta(),
    namespace === undefined ? { name } : { name, namespace },
  );
}

function configMap(name: string, data: Record<string, string>, namespace = "default"): V1ConfigMap {
  return Object.assign(new V1ConfigMap(), {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta(name, namespace),
    data,
  });
}

function namespace(name: string): V1Namespace {
  return Object.assign(new V1Namespace(), { metadata: meta(name) });
}

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function statusCode(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "code" in error
    ? Number(error.code)
    : undefined;
}

describe("@kubernetes/client-node against the local cluster", () => {
  it("creates, reads, replaces, patches, lists and deletes through CoreV1Api", async () => {
    await core.createNamespace({ body: namespace("typed") });
    const created = await core.createNamespacedConfigMap({
      namespace: "typed",
      body: configMap("c1", { a: "1" }, "typed"),
    });
    assert.ok(created.metadata?.uid);
    const read = await core.readNamespacedConfigMap({ name: "c1", namespace: "typed" });
    assert.deepEqual(read.data, { a: "1" });
    const replaced = await core.replaceNamespacedConfigMap({
      name: "c1",
      namespace: "typed",
      body: Object.assign(new V1ConfigMap(), read, { data: { a: "2" } }),
    });
    assert.notEqual(replaced.metadata?.resourceVersion, read.metadata?.resourceVersion);
    await assert.rejects(
      core.replaceNamespacedConfigMap({
        name: "c1",
        namespace: "typed",
        body: Object.assign(new V1ConfigMap(), read, { data: { a: "3" } }),
      }),
      (error) => statusCode(error) === 409,
    );
    const list = await core.listNamespacedConfigMap({ namespace: "typed" });
    assert.deepEqual(list.items.map((c) => c.metadata?.name).sort(), ["c1", "kube-root-ca.crt"]);
    await core.deleteNamespacedConfigMap({ name: "c1", namespace: "typed" });
    await assert.rejects(
      core.readNamespacedConfigMap({ name: "c1", namespace: "typed" }),
      (error) => statusCode(error) === 404,
    );
  });

  it("creates, reads, patches, lists and deletes any kind through KubernetesObjectApi", async () => {
    const spec = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "generic", namespace: "default" },
      spec: {
        selector: { matchLabels: { app: "g" } },
        template: {
          metadata: { labels: { app: "g" } },
          spec: { containers: [{ name: "c", image: "nginx" }] },
        },
      },
    };
    const created: KubernetesObject = await objects.create<KubernetesObject>(spec);
    assert.equal((created as { spec?: { replicas?: number } }).spec?.replicas, 1);
    const scaled: KubernetesObject & { spec: { replicas: number } } = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta("generic", "default"),
      spec: { replicas: 3 },
    };
    const patched = await objects.patch(scaled);
    assert.equal((patched as { spec: { replicas: number } }).spec.replicas, 3);
    const read = await objects.read({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "generic", namespace: "default" },
    });
    assert.equal(read.metadata?.generation, 2);
    const listed = await objects.list("apps/v1", "Deployment", "default");
    assert.deepEqual(
      listed.items.map((d) => d.metadata?.name),
      ["generic"],
    );
    await objects.delete(spec);
    await assert.rejects(objects.read(spec), (error) => statusCode(error) === 404);
  });

  it("pages a list with limit and continue, counting the remaining items", async () => {
    await core.createNamespace({ body: namespace("paged") });
    for (let i = 0; i < 25; i++)
      await core.createNamespacedConfigMap({
        namespace: "paged",
        body: configMap(`p-${String(i).padStart(2, "0")}`, {}, "paged"),
      });
    const first = await core.listNamespacedConfigMap({ namespace: "paged", limit: 10 });
    assert.equal(first.items.length, 10);
    assert.equal(first.metadata?.remainingItemCount, 16);
    await core.createNamespacedConfigMap({
      namespace: "paged",
      body: configMap("p-99", {}, "paged"),
    });
    const names: string[] = first.items.map((c) => c.metadata?.name ?? "");
    let token: string | undefined = first.metadata._continue;
    while (token !== undefined && token !== "") {
      const page = await core.listNamespacedConfigMap({
        namespace: "paged",
        limit: 10,
        _continue: token,
      });
      names.push(...page.items.map((c) => c.metadata?.name ?? ""));
      token = page.metadata?._continue;
    }
    assert.equal(names.length, 26, "the pages show the snapshot taken by the first page");
    assert.ok(!names.includes("p-99"));
  });

  it("runs an informer that sees add, update and delete and recovers from a dropped watch and from 410 Gone", async () => {
    await core.createNamespace({ body: namespace("informed") });
    const informer = makeInformer<V1ConfigMap>(kc, "/api/v1/namespaces/informed/configmaps", () =>
      core.listNamespacedConfigMap({ namespace: "informed" }),
    );
    const seen: string[] = [];
    informer.on("add", (cm) => seen.push(`add:${cm.metadata?.name ?? ""}`));
    informer.on("update", (cm) =>
      seen.push(`update:${cm.metadata?.name ?? ""}:${cm.data?.["v"] ?? ""}`),
    );
    informer.on("delete", (cm) => seen.push(`delete:${cm.metadata?.name ?? ""}`));
    const errors: unknown[] = [];
    informer.on("error", (error) => errors.push(error));
    await informer.start();
    try {
      await eventually(() => cluster.hooks.openWatches() > 0, "the informer's watch");
      await core.createNamespacedConfigMap({
        namespace: "informed",
        body: configMap("one", { v: "1" }, "informed"),
      });
      await eventually(() => seen.includes("add:one"), "add");
      await core.patchNamespacedConfigMap({
        name: "one",
        namespace: "informed",
        body: [{ op: "replace", path: "/data/v", value: "2" }],
      });
      await eventually(() => seen.includes("update:one:2"), "update");

      cluster.hooks.dropWatches();
      await core.createNamespacedConfigMap({
        namespace: "informed",
        body: configMap("two", { v: "1" }, "informed"),
      });
      await eventually(() => seen.includes("add:two"), "an add made while the watch was down");

      await core.patchNamespacedConfigMap({
        name: "two",
        namespace: "informed",
        body: [{ op: "replace", path: "/data/v", value: "2" }],
      });
      await eventually(() => seen.includes("update:two:2"), "update of two");
      await core.createNamespacedConfigMap({
        namespace: "default",
        body: configMap("elsewhere", {}),
      });
      cluster.hooks.compactHistory();
      cluster.hooks.dropWatches();
      await core.deleteNamespacedConfigMap({ name: "one", namespace: "informed" });
      await eventually(() => cluster.hooks.expiredWatches() > 0, "a watch answered with 410 Gone");
      await eventually(
        () => seen.includes("delete:one"),
        "the delete, seen live or through the relist after 410 Gone",
      );
      assert.deepEqual(errors, []);
      assert.deepEqual(
        informer
          .list()
          .map((c) => c.metadata?.name)
          .sort(),
        ["kube-root-ca.crt", "two"],
      );
    } finally {
      await informer.stop();
    }
  });
});
