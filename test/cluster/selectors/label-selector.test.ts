import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "../cluster-api.js";
import { fromLabelSelectorObject, matchesLabels, parseLabelSelector } from "./label-selector.js";

const labels = { app: "web", tier: "frontend", env: "prod" };

describe("label selectors", () => {
  const cases: { selector: string; matches: boolean }[] = [
    { selector: "", matches: true },
    { selector: "app=web", matches: true },
    { selector: "app==web", matches: true },
    { selector: "app!=web", matches: false },
    { selector: "app=web,tier=backend", matches: false },
    { selector: "env in (prod, staging)", matches: true },
    { selector: "env notin (prod)", matches: false },
    { selector: "missing notin (x)", matches: true },
    { selector: "tier", matches: true },
    { selector: "!tier", matches: false },
    { selector: "!missing", matches: true },
    { selector: "app=web, env in (dev,prod), !missing", matches: true },
    { selector: "app=", matches: false },
  ];
  for (const { selector, matches } of cases) {
    it(`evaluates "${selector}" against app=web,tier=frontend,env=prod as ${String(matches)}`, () => {
      assert.equal(matchesLabels(parseLabelSelector(selector), labels), matches);
    });
  }

  it("rejects malformed selectors with 400 BadRequest", () => {
    for (const bad of ["app in prod", "=web", "app=(x", "in (a)", "app=web,", "bad key!=x"]) {
      assert.throws(
        () => parseLabelSelector(bad),
        (error) => error instanceof ApiError && error.code === 400,
        bad,
      );
    }
  });

  it("converts matchLabels and matchExpressions into the same requirements", () => {
    const selector = fromLabelSelectorObject({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "env", operator: "In", values: ["prod"] },
        { key: "canary", operator: "DoesNotExist" },
      ],
    });
    assert.equal(matchesLabels(selector, labels), true);
    assert.equal(matchesLabels(selector, { ...labels, canary: "yes" }), false);
  });
});
