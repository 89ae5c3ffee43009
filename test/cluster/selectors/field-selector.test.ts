import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "../cluster-api.js";
import type { KubeObject } from "../cluster-api.js";
import { matchesFields, parseFieldSelector } from "./field-selector.js";

const pod: KubeObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-1", namespace: "shop" },
  spec: { nodeName: "node-1" },
  status: { phase: "Running" },
};

describe("field selectors", () => {
  const cases: { selector: string; matches: boolean }[] = [
    { selector: "metadata.name=web-1", matches: true },
    { selector: "metadata.name==web-1,metadata.namespace=shop", matches: true },
    { selector: "metadata.name!=web-1", matches: false },
    { selector: "spec.nodeName=node-1,status.phase=Running", matches: true },
    { selector: "spec.nodeName=", matches: false },
    { selector: "spec.hostNetwork=false", matches: true },
  ];
  for (const { selector, matches } of cases) {
    it(`evaluates "${selector}" against a running pod on node-1 as ${String(matches)}`, () => {
      assert.equal(matchesFields(parseFieldSelector(selector, "/pods"), pod), matches);
    });
  }

  it("rejects fields the resource does not support, as the server does", () => {
    assert.throws(
      () => parseFieldSelector("spec.nodeName=x", "/configmaps"),
      (error) =>
        error instanceof ApiError &&
        error.code === 400 &&
        error.message === "field label not supported: spec.nodeName",
    );
  });

  it("accepts a custom resource's selectable fields", () => {
    const widget: KubeObject = {
      apiVersion: "x/v1",
      kind: "W",
      metadata: { name: "a" },
      spec: { size: "big" },
    };
    assert.equal(
      matchesFields(parseFieldSelector("spec.size=big", "x/widgets", ["spec.size"]), widget),
      true,
    );
  });
});
