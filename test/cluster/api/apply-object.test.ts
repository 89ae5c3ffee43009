import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { ApiError } from "../cluster-api.js";
import { REFS, testState } from "../testing/test-state.js";

const state = testState();
after(() => {
  state.stop();
});

function deployment(image: string, replicas?: number): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "ssa", namespace: "default" },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: "ssa" } },
      template: {
        metadata: { labels: { app: "ssa" } },
        spec: { containers: [{ name: "app", image }] },
      },
    },
  };
}

function apply(
  body: Record<string, unknown>,
  manager: string,
  force = false,
): Record<string, unknown> {
  return state.api.patch(
    REFS.deployments,
    { namespace: "default", name: "ssa" },
    { type: "apply", body, options: { fieldManager: manager, force } },
  );
}

describe("server-side apply", () => {
  it("creates the object and records the manager's applied fields", () => {
    const created = apply(deployment("app:1", 2), "alice");
    const entries = (
      created["metadata"] as {
        managedFields: { manager: string; operation: string; fieldsV1: Record<string, unknown> }[];
      }
    ).managedFields;
    assert.deepEqual(
      entries.map((e) => [e.manager, e.operation]),
      [["alice", "Apply"]],
    );
    assert.ok(JSON.stringify(entries[0]?.fieldsV1).includes('k:{\\"name\\":\\"app\\"}'));
  });

  it("reports a conflict when another manager changes a field alice applied, naming the path", () => {
    assert.throws(
      () => apply(deployment("app:2"), "bob"),
      (error) =>
        error instanceof ApiError &&
        error.code === 409 &&
        error.message ===
          'Apply failed with 1 conflict: conflict with "alice" using apps/v1: .spec.template.spec.containers[name="app"].image',
    );
  });

  it("takes ownership with force and removes fields the previous applier no longer sets", () => {
    apply(deployment("app:2"), "bob", true);
    const after = apply(deployment("app:2"), "alice", true);
    const spec = after["spec"] as {
      replicas: number;
      template: { spec: { containers: { image: string }[] } };
    };
    assert.equal(spec.template.spec.containers[0]?.image, "app:2");
    assert.equal(
      spec.replicas,
      1,
      "alice stopped applying replicas: the field went back to its default",
    );
  });

  it("requires a field manager", () => {
    assert.throws(
      () =>
        state.api.patch(
          REFS.deployments,
          { namespace: "default", name: "ssa" },
          { type: "apply", body: deployment("x"), options: { fieldManager: "" } },
        ),
      (error) => error instanceof ApiError && error.code === 400,
    );
  });
});
