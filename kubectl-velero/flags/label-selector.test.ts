import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatLabelSelector,
  parseLabelSelector,
  parseOrLabelSelectors,
} from "./label-selector.js";

describe("label selector flags", () => {
  const cases = [
    { text: "app=web", want: { matchLabels: { app: "web" } } },
    { text: "app==web,tier=db", want: { matchLabels: { app: "web", tier: "db" } } },
    {
      text: "env in (prod, staging),!legacy",
      want: {
        matchExpressions: [
          { key: "env", operator: "In", values: ["prod", "staging"] },
          { key: "legacy", operator: "DoesNotExist" },
        ],
      },
    },
    {
      text: "example.com/owner,tier!=cache",
      want: {
        matchExpressions: [
          { key: "example.com/owner", operator: "Exists" },
          { key: "tier", operator: "NotIn", values: ["cache"] },
        ],
      },
    },
  ];
  for (const { text, want } of cases) {
    it(`parses "${text}"`, () => {
      assert.deepEqual(parseLabelSelector(text), want);
    });
  }

  it("rejects an invalid key and names it", () => {
    assert.throws(() => parseLabelSelector("bad key=x"), /invalid label key "bad key"/);
  });

  it("splits or-selectors on ' or '", () => {
    assert.deepEqual(parseOrLabelSelectors("a=b or c=d"), [
      { matchLabels: { a: "b" } },
      { matchLabels: { c: "d" } },
    ]);
  });

  it("formats a selector back to kubectl syntax", () => {
    assert.equal(
      formatLabelSelector(parseLabelSelector("b=2,a=1,env in (x,y)")),
      "a=1,b=2,env in (x,y)",
    );
    assert.equal(formatLabelSelector(undefined), "<none>");
  });
});
