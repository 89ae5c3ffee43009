import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { testState } from "../testing/test-state.js";

const state = testState();
after(() => {
  state.stop();
});
const coreEvents = { group: "", version: "v1", resource: "events" };
const events = { group: "events.k8s.io", version: "v1", resource: "events" };
const hpaV1 = { group: "autoscaling", version: "v1", resource: "horizontalpodautoscalers" };
const hpaV2 = { group: "autoscaling", version: "v2", resource: "horizontalpodautoscalers" };

describe("versions sharing storage", () => {
  it("serves an events.k8s.io Event as a core Event and back", () => {
    state.api.create(events, {
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "e1", namespace: "default" },
      eventTime: "2026-01-01T00:00:00.000000Z",
      reportingController: "tests",
      reportingInstance: "t1",
      action: "Tested",
      reason: "Testing",
      type: "Normal",
      note: "hello",
      regarding: { kind: "Pod", name: "p", namespace: "default" },
    });
    const core = state.api.get(coreEvents, "default", "e1");
    assert.ok(core !== undefined);
    assert.equal(core.apiVersion, "v1");
    assert.equal(core["message"], "hello");
    assert.deepEqual(core["involvedObject"], { kind: "Pod", name: "p", namespace: "default" });
    assert.equal(core["reportingComponent"], "tests");
    const back = state.api.get(events, "default", "e1");
    assert.ok(back !== undefined);
    assert.equal(back.apiVersion, "events.k8s.io/v1");
    assert.equal(back["note"], "hello");
    assert.equal(back["message"], undefined);
  });

  it("serves an autoscaling/v1 HorizontalPodAutoscaler's CPU target as a v2 metric", () => {
    state.api.create(hpaV1, {
      apiVersion: "autoscaling/v1",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "h", namespace: "default" },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
        minReplicas: 1,
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 70,
      },
    });
    const v2 = state.api.get(hpaV2, "default", "h");
    assert.deepEqual((v2?.["spec"] as { metrics: unknown }).metrics, [
      {
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
      },
    ]);
    const v1 = state.api.get(hpaV1, "default", "h");
    assert.equal(
      (v1?.["spec"] as { targetCPUUtilizationPercentage: number }).targetCPUUtilizationPercentage,
      70,
    );
    assert.equal((v1?.["spec"] as { metrics?: unknown }).metrics, undefined);
  });
});
