import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../cluster-api.js";
import { CacheSet, type CacheEvent } from "./object-cache.js";
import { resources } from "./resources.js";
import { FakeClusterApi } from "./testing/fake-cluster-api.js";

const configMap = (namespace: string, name: string): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { namespace, name },
});

test("the cache loads existing objects and follows creates, updates and deletes", () => {
  const api = new FakeClusterApi();
  api.create(resources.configmaps, configMap("a", "one"));
  const caches = new CacheSet(api);
  const cache = caches.for(resources.configmaps);
  const events: CacheEvent<KubeObject>[] = [];
  cache.onChange((e) => events.push(e));
  api.create(resources.configmaps, configMap("b", "two"));
  const two = api.get(resources.configmaps, "b", "two")!;
  api.update(resources.configmaps, { ...two, data: { k: "v" } });
  api.delete(resources.configmaps, "a", "one");
  assert.deepEqual(
    cache.list().map((o) => o.metadata.name),
    ["two"],
  );
  assert.deepEqual(cache.get("b", "two")?.["data"], { k: "v" });
  assert.deepEqual(
    events.map((e) => e.type),
    ["ADDED", "MODIFIED", "DELETED"],
  );
  assert.equal(events[1]?.old?.["data"], undefined);
  caches.stop();
  assert.equal(api.watchCount(resources.configmaps), 0);
});

test("recording an older version never replaces a newer one", () => {
  const api = new FakeClusterApi();
  const caches = new CacheSet(api);
  const cache = caches.for(resources.configmaps);
  const created = api.create(resources.configmaps, configMap("a", "one"));
  api.update(resources.configmaps, { ...created, data: { k: "new" } });
  cache.record(created);
  assert.deepEqual(cache.get("a", "one")?.["data"], { k: "new" });
  caches.stop();
});

test("listing by namespace returns only that namespace", () => {
  const api = new FakeClusterApi();
  const caches = new CacheSet(api);
  const cache = caches.for(resources.configmaps);
  api.create(resources.configmaps, configMap("a", "one"));
  api.create(resources.configmaps, configMap("b", "two"));
  assert.deepEqual(
    cache.list("a").map((o) => o.metadata.name),
    ["one"],
  );
  assert.deepEqual(cache.list("c"), []);
  caches.stop();
});
