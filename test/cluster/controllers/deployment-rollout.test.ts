import { test } from "node:test";
import assert from "node:assert/strict";
import { deploymentStatus, planRollout, resolveIntOrPercent } from "./deployment-rollout.js";
import type { Deployment, ReplicaSet } from "./kube-types.js";

const deployment = (replicas: number, strategy?: Deployment["spec"]["strategy"]): Deployment => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", generation: 2 },
  spec: {
    replicas,
    selector: {},
    template: { spec: { containers: [] } },
    ...(strategy === undefined ? {} : { strategy }),
  },
});

const rs = (name: string, replicas: number, available = replicas): ReplicaSet => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name },
  spec: { replicas, selector: {}, template: { spec: { containers: [] } } },
  status: { replicas, readyReplicas: available, availableReplicas: available },
});

test("int-or-percent values resolve with the rounding each knob uses", () => {
  assert.equal(resolveIntOrPercent(undefined, "25%", 3, true), 1);
  assert.equal(resolveIntOrPercent(undefined, "25%", 3, false), 0);
  assert.equal(resolveIntOrPercent("50%", "25%", 3, true), 2);
  assert.equal(resolveIntOrPercent(2, "25%", 3, false), 2);
});

test("a rolling update surges the new ReplicaSet, then scales the old one down as pods become available", () => {
  const d = deployment(4);
  assert.deepEqual(
    [...planRollout(d, rs("new", 0, 0), [rs("old", 4)])],
    [
      ["new", 1],
      ["old", 3],
    ],
  );
  assert.deepEqual([...planRollout(d, rs("new", 1, 0), [rs("old", 3)])], [["new", 2]]);
  assert.deepEqual([...planRollout(d, rs("new", 2, 2), [rs("old", 3)])], [["old", 1]]);
  assert.deepEqual([...planRollout(d, rs("new", 4, 4), [rs("old", 0)])], []);
});

test("Recreate scales the old ReplicaSets to zero before the new one starts", () => {
  const d = deployment(2, { type: "Recreate" });
  assert.deepEqual([...planRollout(d, rs("new", 0, 0), [rs("old", 2)])], [["old", 0]]);
  const drained = { ...rs("old", 0), status: { replicas: 0 } };
  assert.deepEqual([...planRollout(d, rs("new", 0, 0), [drained])], [["new", 2]]);
});

test("the status says Available and NewReplicaSetAvailable once the rollout is complete", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const done = deploymentStatus({
    deployment: deployment(2),
    newRs: rs("new", 2),
    all: [rs("new", 2)],
    createdNewRs: false,
    now,
  });
  assert.equal(done.observedGeneration, 2);
  assert.deepEqual(
    done.conditions?.map((c) => [c.type, c.status, c.reason]),
    [
      ["Available", "True", "MinimumReplicasAvailable"],
      ["Progressing", "True", "NewReplicaSetAvailable"],
    ],
  );
  const starting = deploymentStatus({
    deployment: deployment(2),
    newRs: rs("new", 2, 0),
    all: [rs("new", 2, 0)],
    createdNewRs: true,
    now,
  });
  assert.deepEqual(
    starting.conditions?.map((c) => [c.type, c.status, c.reason]),
    [
      ["Available", "False", "MinimumReplicasUnavailable"],
      ["Progressing", "True", "NewReplicaSetCreated"],
    ],
  );
  assert.equal(starting.unavailableReplicas, 2);
});
