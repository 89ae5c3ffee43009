import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatRetentionPolicy,
  parseRetentionAnnotation,
  parseRetentionPolicy,
  RETENTION_ANNOTATION,
} from "./retention-policy.js";

describe("parseRetentionPolicy", () => {
  it("reads every count, in any order, with spaces", () => {
    const parsed = parseRetentionPolicy(
      " keepMonthly=6, keepLast=5 ,keepDaily = 7,keepWeekly=4,keepHourly=-1,keepYearly=0",
    );
    assert.deepEqual(parsed.policy, {
      keepLast: 5,
      keepHourly: -1,
      keepDaily: 7,
      keepWeekly: 4,
      keepMonthly: 6,
      keepYearly: 0,
    });
  });

  const refused: [string, RegExp][] = [
    ["keepDaly=7", /unknown key "keepDaly" \(known: keepLast, keepHourly/],
    ["keepLast", /"keepLast" is not key=count/],
    ["keepLast=five", /"keepLast=five" is not key=count/],
    ["keepLast=1,keepLast=2", /"keepLast" is given twice/],
    ["keepDaily=-2", /"keepDaily" must be a count ≥ 0, or -1 for all/],
    ["", /it keeps nothing: set at least one of keepLast/],
    ["keepLast=0", /it keeps nothing/],
  ];
  for (const [text, message] of refused) {
    it(`refuses "${text}" naming the problem`, () => {
      const parsed = parseRetentionPolicy(text);
      assert.equal(parsed.policy, undefined);
      assert.equal(parsed.errors.length, 1);
      assert.match(parsed.errors[0] ?? "", message);
      assert.ok(parsed.errors[0]?.startsWith(`invalid retention policy "${text}": `));
    });
  }

  it("reports every bad entry at once", () => {
    assert.equal(parseRetentionPolicy("a=1,keepLast=x,keepDaily=-3").errors?.length, 3);
  });
});

describe("parseRetentionAnnotation", () => {
  it("finds no policy on a schedule without the annotation", () => {
    assert.deepEqual(parseRetentionAnnotation(undefined), {});
    assert.deepEqual(parseRetentionAnnotation({ other: "x" }), {});
  });

  it("parses the annotation's value", () => {
    const parsed = parseRetentionAnnotation({ [RETENTION_ANNOTATION]: "keepWeekly=4" });
    assert.equal(parsed.policy?.keepWeekly, 4);
  });
});

describe("formatRetentionPolicy", () => {
  it("prints only the counts that are set, in restic's order", () => {
    const parsed = parseRetentionPolicy("keepMonthly=6,keepLast=5,keepDaily=-1");
    assert.ok(parsed.policy);
    assert.equal(formatRetentionPolicy(parsed.policy), "keepLast=5,keepDaily=-1,keepMonthly=6");
  });
});
