import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { ApiError } from "../cluster-api.js";
import { REFS, testState } from "../testing/test-state.js";
import { listObjects } from "./list-objects.js";

const state = testState();
after(() => {
  state.stop();
});
const type = state.ctx.registry.require(REFS.configmaps);
state.api.create(REFS.namespaces, {
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name: "pages" },
});
for (let i = 0; i < 12; i++) {
  const name = `cm-${String(i).padStart(2, "0")}`;
  state.api.create(REFS.configmaps, {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: "pages", labels: { parity: i % 2 === 0 ? "even" : "odd" } },
  });
}

describe("listing with limit and continue", () => {
  it("pages through a consistent snapshot with the first page's resourceVersion", () => {
    const first = listObjects(state.ctx, type, { namespace: "pages", limit: 5 });
    assert.equal(first.items.length, 5);
    assert.equal(first.remainingItemCount, 8);
    state.api.create(REFS.configmaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cm-00a", namespace: "pages" },
    });
    state.api.delete(REFS.configmaps, "pages", "cm-11");
    const second = listObjects(state.ctx, type, {
      namespace: "pages",
      limit: 5,
      continue: first.continue,
    });
    const third = listObjects(state.ctx, type, {
      namespace: "pages",
      limit: 5,
      continue: second.continue,
    });
    assert.equal(third.continue, undefined);
    assert.equal(second.revision, first.revision);
    const names = [...first.items, ...second.items, ...third.items].map((o) => o.metadata.name);
    assert.deepEqual(names, [
      "cm-00",
      "cm-01",
      "cm-02",
      "cm-03",
      "cm-04",
      "cm-05",
      "cm-06",
      "cm-07",
      "cm-08",
      "cm-09",
      "cm-10",
      "cm-11",
      "kube-root-ca.crt",
    ]);
  });

  it("omits remainingItemCount when a selector filters the list", () => {
    const page = listObjects(state.ctx, type, {
      namespace: "pages",
      limit: 2,
      labelSelector: "parity=even",
    });
    assert.equal(page.items.length, 2);
    assert.equal(page.remainingItemCount, undefined);
    assert.ok(page.continue !== undefined);
  });

  it("rejects a garbled continue token with 400", () => {
    assert.throws(
      () => listObjects(state.ctx, type, { continue: "not-a-token" }),
      (error) => error instanceof ApiError && error.code === 400,
    );
  });
});
