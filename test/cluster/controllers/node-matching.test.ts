import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node, PodSpec } from "./kube-types.js";
import { chooseNode, nodeRejection, tolerates } from "./node-matching.js";

function node(name: string, extra: Partial<Node> = {}, ready = true): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux" } },
    status: { conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
    ...extra,
  };
}

const plain: PodSpec = { containers: [{ name: "c" }] };

test("tolerations match taints by key, value, operator and effect", () => {
  const taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
  const cases: [Parameters<typeof tolerates>[0], boolean][] = [
    [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }, true],
    [{ key: "dedicated", value: "gpu" }, true],
    [{ key: "dedicated", operator: "Equal", value: "cpu" }, false],
    [{ key: "dedicated", operator: "Exists" }, true],
    [{ key: "dedicated", operator: "Exists", effect: "NoExecute" }, false],
    [{ operator: "Exists" }, true],
    [{ key: "other", operator: "Exists" }, false],
  ];
  for (const [toleration, expected] of cases) {
    assert.equal(tolerates(toleration, taint), expected, JSON.stringify(toleration));
  }
});

test("a node is rejected when not ready, unschedulable, tainted or not selected", () => {
  assert.equal(nodeRejection(plain, node("a")), undefined);
  assert.match(nodeRejection(plain, node("a", {}, false)) ?? "", /not ready/);
  assert.match(
    nodeRejection(plain, node("a", { spec: { unschedulable: true } })) ?? "",
    /untolerated taint \{node.kubernetes.io\/unschedulable/,
  );
  assert.match(
    nodeRejection(plain, node("a", { spec: { taints: [{ key: "k", effect: "NoExecute" }] } })) ??
      "",
    /untolerated/,
  );
  assert.equal(
    nodeRejection(
      plain,
      node("a", { spec: { taints: [{ key: "k", effect: "PreferNoSchedule" }] } }),
    ),
    undefined,
  );
  assert.match(
    nodeRejection({ ...plain, nodeSelector: { "kubernetes.io/os": "windows" } }, node("a")) ?? "",
    /affinity\/selector/,
  );
});

test("required node affinity matches labels and the metadata.name field", () => {
  const onNode = (names: string[]): PodSpec => ({
    ...plain,
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: "metadata.name", operator: "In", values: names }] },
          ],
        },
      },
    },
  });
  assert.equal(nodeRejection(onNode(["a"]), node("a")), undefined);
  assert.notEqual(nodeRejection(onNode(["b"]), node("a")), undefined);
  const notWindows: PodSpec = {
    ...plain,
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: "kubernetes.io/os", operator: "NotIn", values: ["windows"] },
              ],
            },
          ],
        },
      },
    },
  };
  assert.equal(nodeRejection(notWindows, node("a")), undefined);
});

test("the least loaded eligible node is chosen and ties rotate", () => {
  const nodes = [node("b"), node("a"), node("c", {}, false)];
  assert.deepEqual(chooseNode(plain, nodes, new Map([["a", 3]])), { node: "b" });
  assert.deepEqual(chooseNode(plain, nodes, new Map(), 0), { node: "a" });
  assert.deepEqual(chooseNode(plain, nodes, new Map(), 1), { node: "b" });
  assert.deepEqual(chooseNode(plain, nodes, new Map(), 2), { node: "a" });
});

test("no eligible node gives the scheduler's summary message", () => {
  const choice = chooseNode(
    { ...plain, nodeSelector: { x: "y" } },
    [node("a"), node("b", {}, false)],
    new Map(),
  );
  assert.deepEqual(choice, {
    unschedulable:
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were not ready.",
  });
});
