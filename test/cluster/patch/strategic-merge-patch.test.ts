import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { modelRoot } from "./schema-node.js";
import { applyStrategicMergePatch } from "./strategic-merge-patch.js";
import { PatchError } from "./patch-error.js";

const deployment = modelRoot("V1Deployment");

function podTemplate(
  containers: unknown[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { spec: { template: { spec: { containers, ...extra } } } };
}

describe("strategic merge patch", () => {
  it("merges containers by name and their env by name", () => {
    const original = podTemplate([
      {
        name: "app",
        image: "a:1",
        env: [
          { name: "A", value: "1" },
          { name: "B", value: "2" },
        ],
      },
    ]);
    const patch = podTemplate([
      { name: "app", env: [{ name: "B", value: "3" }] },
      { name: "side", image: "s:1" },
    ]);
    assert.deepEqual(
      applyStrategicMergePatch(original, patch, deployment),
      podTemplate([
        {
          name: "app",
          image: "a:1",
          env: [
            { name: "A", value: "1" },
            { name: "B", value: "3" },
          ],
        },
        { name: "side", image: "s:1" },
      ]),
    );
  });

  it("deletes a list item with $patch: delete and a field with null", () => {
    const original = podTemplate([
      { name: "app", image: "a:1", command: ["x"] },
      { name: "side", image: "s:1" },
    ]);
    const patch = podTemplate([
      { name: "side", $patch: "delete" },
      { name: "app", command: null },
    ]);
    assert.deepEqual(
      applyStrategicMergePatch(original, patch, deployment),
      podTemplate([{ name: "app", image: "a:1" }]),
    );
  });

  it("replaces a whole list with a $patch: replace item", () => {
    const original = podTemplate([
      { name: "a", image: "a" },
      { name: "b", image: "b" },
    ]);
    const patch = podTemplate([{ name: "c", image: "c" }, { $patch: "replace" }]);
    assert.deepEqual(
      applyStrategicMergePatch(original, patch, deployment),
      podTemplate([{ name: "c", image: "c" }]),
    );
  });

  it("orders merged items by $setElementOrder and keeps server-only items in place", () => {
    const original = podTemplate([
      { name: "a", image: "a" },
      { name: "injected", image: "i" },
      { name: "b", image: "b" },
    ]);
    const patch = {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "b" }, { name: "a" }],
            containers: [{ name: "b", image: "b2" }],
          },
        },
      },
    };
    const result = applyStrategicMergePatch(original, patch, deployment) as ReturnType<
      typeof podTemplate
    >;
    const containers = (
      result["spec"] as { template: { spec: { containers: { name: string }[] } } }
    ).template.spec.containers.map((c) => c.name);
    assert.deepEqual(containers, ["b", "injected", "a"]);
  });

  it("clears keys not listed in $retainKeys (switching the rollout strategy)", () => {
    const original = {
      spec: { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } } },
    };
    const patch = {
      spec: { strategy: { $retainKeys: ["type"], type: "Recreate", rollingUpdate: null } },
    };
    assert.deepEqual(applyStrategicMergePatch(original, patch, deployment), {
      spec: { strategy: { type: "Recreate" } },
    });
  });

  it("unions finalizers and removes values with $deleteFromPrimitiveList", () => {
    const original = { metadata: { finalizers: ["a", "b"] } };
    const patch = { metadata: { finalizers: ["c"], "$deleteFromPrimitiveList/finalizers": ["a"] } };
    assert.deepEqual(applyStrategicMergePatch(original, patch, deployment), {
      metadata: { finalizers: ["b", "c"] },
    });
  });

  it("replaces lists without a merge strategy, such as args", () => {
    const original = podTemplate([{ name: "a", args: ["1", "2"] }]);
    const patch = podTemplate([{ name: "a", args: ["3"] }]);
    assert.deepEqual(
      applyStrategicMergePatch(original, patch, deployment),
      podTemplate([{ name: "a", args: ["3"] }]),
    );
  });

  it("fails when a keyed list item lacks its merge key", () => {
    assert.throws(
      () => applyStrategicMergePatch(podTemplate([]), podTemplate([{ image: "x" }]), deployment),
      PatchError,
    );
  });
});
