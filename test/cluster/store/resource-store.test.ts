import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { silentLogger } from "../../../lib/log.js";
import type { KubeObject } from "../cluster-api.js";
import { ResourceStore } from "./resource-store.js";

function configMap(namespace: string, name: string): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { namespace, name } };
}

function names(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`);
}

describe("ResourceStore lists", () => {
  it("lists every namespace's objects sorted by namespace then name, whatever the write order", () => {
    const store = new ResourceStore({ log: silentLogger });
    for (const [ns, name] of [
      ["b", "y"],
      ["a", "z"],
      ["b", "x"],
      ["c", "a"],
      ["a", "b"],
    ] as const)
      store.write("/configmaps", configMap(ns, name), "ADDED");
    assert.deepEqual(names(store.list("/configmaps")), ["a/b", "a/z", "b/x", "b/y", "c/a"]);
    assert.deepEqual(names(store.list("/configmaps", "b")), ["b/x", "b/y"]);
    assert.deepEqual(store.list("/configmaps", "missing"), []);
  });

  it("keeps a list taken earlier unchanged when objects are later added, replaced or removed", () => {
    const store = new ResourceStore({ log: silentLogger });
    store.write("/configmaps", configMap("a", "one"), "ADDED");
    store.write("/configmaps", configMap("b", "two"), "ADDED");
    const before = store.list("/configmaps");
    const beforeInA = store.list("/configmaps", "a");
    store.write("/configmaps", configMap("a", "zero"), "ADDED");
    store.write("/configmaps", configMap("b", "two"), "MODIFIED");
    store.remove("/configmaps", "a", "one");
    assert.deepEqual(names(before), ["a/one", "b/two"]);
    assert.equal(before[1]?.metadata.resourceVersion, "3");
    assert.deepEqual(names(beforeInA), ["a/one"]);
    assert.deepEqual(names(store.list("/configmaps")), ["a/zero", "b/two"]);
    assert.equal(store.list("/configmaps")[1]?.metadata.resourceVersion, "5");
    assert.deepEqual(names(store.list("/configmaps", "a")), ["a/zero"]);
  });

  it("drops a namespace from the list once its last object is removed", () => {
    const store = new ResourceStore({ log: silentLogger });
    store.write("/configmaps", configMap("a", "one"), "ADDED");
    store.write("/configmaps", configMap("b", "two"), "ADDED");
    assert.equal(store.list("/configmaps").length, 2);
    store.remove("/configmaps", "a", "one");
    assert.deepEqual(names(store.list("/configmaps")), ["b/two"]);
    assert.deepEqual(store.namespacesOf("/configmaps"), ["b"]);
    assert.equal(store.count("/configmaps"), 1);
  });
});
