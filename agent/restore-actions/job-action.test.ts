import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { jobAction } from "./job-action.js";
import { runAction } from "./testing/run-action.js";

function job(selector: Record<string, string>, templateLabels: Record<string, string>) {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "j", namespace: "ns" },
    spec: {
      selector: { matchLabels: selector },
      template: { metadata: { labels: templateLabels }, spec: { containers: [] } },
    },
  };
}

describe("velero.io/job restore action", () => {
  const cases = [
    {
      name: "drops both controller-uid labels from the selector and the template",
      item: job(
        { "controller-uid": "u1", "batch.kubernetes.io/controller-uid": "u1", app: "x" },
        { "controller-uid": "u1", "batch.kubernetes.io/controller-uid": "u1", app: "x" },
      ),
      want: job({ app: "x" }, { app: "x" }),
    },
    {
      name: "removes a label map left empty, as Go's omitempty does",
      item: job({ "controller-uid": "u1" }, { "batch.kubernetes.io/controller-uid": "u1" }),
      want: {
        ...job({}, {}),
        spec: { selector: {}, template: { metadata: {}, spec: { containers: [] } } },
      },
    },
    {
      name: "leaves a job without those labels unchanged",
      item: job({ app: "x" }, { app: "x" }),
      want: job({ app: "x" }, { app: "x" }),
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const out = await runAction(jobAction, c.item);
      assert.deepEqual(out.item, c.want);
    });
  }

  it("applies to jobs only", () => {
    assert.deepEqual(jobAction.appliesTo(), { includedResources: ["jobs"] });
  });
});
