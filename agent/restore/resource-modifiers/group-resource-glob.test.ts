import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileGroupResourceGlob } from "./group-resource-glob.js";

describe("compileGroupResourceGlob (gobwas glob with . as separator)", () => {
  const cases: [string, string, boolean][] = [
    ["pods", "pods", true],
    ["pods", "pods.metrics.k8s.io", false],
    ["deployments.apps", "deployments.apps", true],
    ["*", "pods", true],
    ["*", "deployments.apps", false],
    ["*.apps", "deployments.apps", true],
    ["*.apps", "deployments.batch", false],
    ["*.*", "deployments.apps", true],
    ["*.*", "ingresses.networking.k8s.io", false],
    ["**", "ingresses.networking.k8s.io", true],
    ["*.**", "ingresses.networking.k8s.io", true],
    ["{pods,services}", "services", true],
    ["persistentvolume?", "persistentvolumes", true],
    ["[cd]*.apps", "deployments.apps", true],
    ["[!d]*.apps", "deployments.apps", false],
  ];
  for (const [pattern, name, want] of cases) {
    it(`${pattern} ${want ? "matches" : "does not match"} ${name}`, () => {
      assert.equal(compileGroupResourceGlob(pattern).test(name), want);
    });
  }

  it("rejects an unclosed class or brace", () => {
    assert.throws(() => compileGroupResourceGlob("[pods"), /unclosed \[/);
    assert.throws(() => compileGroupResourceGlob("{pods"), /unclosed \{/);
  });
});
