import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSatisfiedBy } from "./object-diff.js";

describe("isSatisfiedBy", () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ["extra server fields are ignored", { a: 1 }, { a: 1, b: 2, status: {} }, true],
    ["a changed scalar differs", { a: { b: "x" } }, { a: { b: "y" } }, false],
    ["a missing field differs", { a: "x" }, {}, false],
    ["an empty map matches an absent one", { emptyDir: {} }, {}, true],
    ["false matches an absent field", { privileged: false }, {}, true],
    ["zero does not match an absent field", { runAsUser: 0 }, {}, false],
    [
      "arrays compare element by element",
      { c: [{ n: "a" }, { n: "b" }] },
      { c: [{ n: "a", x: 1 }, { n: "b" }] },
      true,
    ],
    ["an array of another length differs", { c: [1, 2] }, { c: [1, 2, 3] }, false],
    ["reordered arrays differ", { c: [1, 2] }, { c: [2, 1] }, false],
    [
      "quantities compare by value in resources",
      { limits: { cpu: "1000m" } },
      { limits: { cpu: "1" } },
      true,
    ],
    [
      "different quantities differ",
      { requests: { memory: "128Mi" } },
      { requests: { memory: "256Mi" } },
      false,
    ],
    ["quantity rules stay inside resources", { image: "1000m" }, { image: "1" }, false],
  ];
  for (const [what, desired, live, want] of cases) {
    it(what, () => {
      assert.equal(isSatisfiedBy(desired, live), want);
    });
  }
});
