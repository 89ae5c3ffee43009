import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RestoredItems } from "./restored-items.js";
import { RestoreResults } from "./restore-results.js";

describe("RestoredItems", () => {
  it("claims an item once and builds Velero's sorted resource list with outcomes", () => {
    const items = new RestoredItems();
    const web = { resource: "apps/v1/Deployment", namespace: "shop", name: "web" };
    assert.equal(items.claim(web), true);
    assert.equal(items.claim(web), false);
    items.record(web, "created");
    items.claim({ resource: "v1/Namespace", namespace: "", name: "shop" });
    items.record({ resource: "v1/Namespace", namespace: "", name: "shop" }, "skipped");
    const api = { resource: "apps/v1/Deployment", namespace: "shop", name: "api" };
    items.claim(api);
    items.record(api, "updated");
    const pod = { resource: "v1/Pod", namespace: "shop", name: "p" };
    items.claim(pod);
    items.record(pod, "created", "p-x7k2");
    items.claim({ resource: "v1/Pod", namespace: "shop", name: "q" });
    assert.equal(items.size, 5);
    assert.equal(items.exists(web), true);
    assert.equal(items.exists(api), false);
    assert.deepEqual(items.resourceList(), {
      "apps/v1/Deployment": ["shop/api(updated)", "shop/web(created)"],
      "v1/Namespace": ["shop(skipped)"],
      "v1/Pod": ["shop/p-x7k2(created)", "shop/q(failed)"],
    });
  });
});

describe("RestoreResults", () => {
  it("files messages as Velero's Result does and counts them", () => {
    const results = new RestoreResults();
    results.warnings.add("shop", "w1");
    results.warnings.add("", "cluster w");
    results.errors.addVelero("broken");
    const other = new RestoreResults();
    other.warnings.add("shop", "w2");
    results.merge(other);
    assert.equal(results.warnings.count, 3);
    assert.equal(results.errors.count, 1);
    assert.deepEqual(results.toStore(), {
      warnings: { cluster: ["cluster w"], namespaces: { shop: ["w1", "w2"] } },
      errors: { velero: ["broken"] },
    });
    assert.equal(new RestoreResults().isEmpty, true);
  });
});
