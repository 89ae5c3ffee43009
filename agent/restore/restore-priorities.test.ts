import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RestorePrioritiesError } from "./errors.js";
import {
  defaultRestorePriorities,
  formatRestorePriorities,
  parseRestorePriorities,
} from "./restore-priorities.js";

describe("parseRestorePriorities", () => {
  const cases = [
    {
      name: "gives Velero's defaults for an unset flag",
      value: undefined,
      want: defaultRestorePriorities,
    },
    {
      name: "gives Velero's defaults for an empty flag",
      value: "",
      want: defaultRestorePriorities,
    },
    {
      name: "reads a list without separator as high priorities only",
      value: "a,b",
      want: { high: ["a", "b"], low: [] },
    },
    {
      name: "splits high and low at the separator",
      value: "a,b,-,c,d",
      want: { high: ["a", "b"], low: ["c", "d"] },
    },
    {
      name: "reads a leading separator as low priorities only",
      value: "-,c",
      want: { high: [], low: ["c"] },
    },
    {
      name: "reads a trailing separator as high priorities only",
      value: "a,-",
      want: { high: ["a"], low: [] },
    },
    { name: "reads a lone separator as no priorities", value: "-", want: { high: [], low: [] } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(parseRestorePriorities(c.value), c.want);
    });
  }

  it("refuses two separators with Velero's message", () => {
    assert.throws(
      () => parseRestorePriorities("a,-,b,-,c"),
      (error: unknown) => {
        assert.ok(error instanceof RestorePrioritiesError);
        assert.equal(error.message, 'multiple priority separator "-" found');
        return true;
      },
    );
  });

  it("formats priorities back into the flag's syntax", () => {
    assert.equal(formatRestorePriorities({ high: ["a"], low: ["c"] }), "a,-,c");
    assert.equal(formatRestorePriorities({ high: ["a", "b"], low: [] }), "a,b");
  });

  it("starts the defaults with CRDs and namespaces and ends them with the Carvel package installs", () => {
    assert.deepEqual(defaultRestorePriorities.high.slice(0, 2), [
      "customresourcedefinitions",
      "namespaces",
    ]);
    assert.equal(defaultRestorePriorities.high.at(-1), "services");
    assert.equal(defaultRestorePriorities.low.at(-1), "packageinstalls.packaging.carvel.dev");
  });
});
