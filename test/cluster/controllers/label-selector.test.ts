import { test } from "node:test";
import assert from "node:assert/strict";
import { matchesLabelSelector, matchesRequirement, matchesSelectorMap } from "./label-selector.js";

const labels = { app: "web", tier: "front", size: "5" };

test("requirements match as the API's operators define them", () => {
  const cases: [string, string, string[] | undefined, boolean][] = [
    ["app", "In", ["web", "db"], true],
    ["app", "In", ["db"], false],
    ["missing", "In", ["x"], false],
    ["app", "NotIn", ["db"], true],
    ["app", "NotIn", ["web"], false],
    ["missing", "NotIn", ["web"], true],
    ["tier", "Exists", undefined, true],
    ["missing", "Exists", undefined, false],
    ["missing", "DoesNotExist", undefined, true],
    ["app", "DoesNotExist", undefined, false],
    ["size", "Gt", ["4"], true],
    ["size", "Gt", ["5"], false],
    ["size", "Lt", ["6"], true],
    ["app", "Lt", ["6"], false],
    ["app", "Bogus", ["web"], false],
  ];
  for (const [key, operator, values, expected] of cases) {
    const requirement = values === undefined ? { key, operator } : { key, operator, values };
    assert.equal(matchesRequirement(requirement, labels), expected, `${key} ${operator}`);
  }
});

test("a label selector needs every matchLabels pair and every expression", () => {
  assert.equal(matchesLabelSelector({ matchLabels: { app: "web" } }, labels), true);
  assert.equal(matchesLabelSelector({ matchLabels: { app: "db" } }, labels), false);
  assert.equal(
    matchesLabelSelector(
      {
        matchLabels: { app: "web" },
        matchExpressions: [{ key: "tier", operator: "In", values: ["back"] }],
      },
      labels,
    ),
    false,
  );
  assert.equal(matchesLabelSelector({}, labels), true);
  assert.equal(matchesLabelSelector(undefined, labels), false);
  assert.equal(matchesLabelSelector({ matchLabels: { app: "web" } }, undefined), false);
});

test("a selector map matches when all of its pairs are present", () => {
  assert.equal(matchesSelectorMap({ app: "web", tier: "front" }, labels), true);
  assert.equal(matchesSelectorMap({ app: "web", tier: "back" }, labels), false);
  assert.equal(matchesSelectorMap({}, undefined), true);
});
