import assert from "node:assert/strict";
import { test } from "node:test";
import { BackedUpItems } from "./backed-up-items.js";

test("adds each item once, forgets deleted ones, and lists them per resource key", () => {
  const items = new BackedUpItems();
  assert.equal(items.add({ resource: "v1/Pod", namespace: "a", name: "p1" }), true);
  assert.equal(items.add({ resource: "v1/Pod", namespace: "a", name: "p1" }), false);
  assert.equal(items.add({ resource: "v1/Pod", namespace: "b", name: "p1" }), true);
  assert.equal(items.add({ resource: "v1/Namespace", namespace: "", name: "a" }), true);
  assert.equal(items.add({ resource: "apps/v1/Deployment", namespace: "a", name: "d" }), true);
  assert.equal(items.has({ resource: "v1/Pod", namespace: "a", name: "p1" }), true);
  assert.equal(items.has({ resource: "v1/Pod", namespace: "c", name: "p1" }), false);
  assert.equal(items.delete({ resource: "apps/v1/Deployment", namespace: "a", name: "d" }), true);
  assert.equal(items.delete({ resource: "apps/v1/Deployment", namespace: "a", name: "d" }), false);
  assert.equal(items.size, 3);
  assert.deepEqual(items.resourceList(), { "v1/Pod": ["a/p1", "b/p1"], "v1/Namespace": ["a"] });
});

test("holds 100,000 items in a few megabytes", () => {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const items = new BackedUpItems();
  for (let i = 0; i < 100_000; i++) {
    items.add({
      resource: "v1/ConfigMap",
      namespace: `ns-${String(i % 100)}`,
      name: `configmap-number-${String(i)}`,
    });
  }
  const grown = process.memoryUsage().heapUsed - before;
  assert.equal(items.size, 100_000);
  assert.ok(grown < 30 * 1024 * 1024, `grew ${String(grown)} bytes`);
});
