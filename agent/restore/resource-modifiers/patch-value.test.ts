import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PatchError } from "./errors.js";
import { patchValueFromText, patchValueFromYaml } from "./patch-value.js";

describe("patchValueFromText (Velero's quoting rule)", () => {
  const cases: [string, string, unknown][] = [
    ["plain text is a string", "premium", "premium"],
    ["the empty text is the empty string", "", ""],
    ["quoted text is the string inside the quotes", '"true"', "true"],
    ["a quoted number stays a string", '"42"', "42"],
    ["null is JSON null", "null", null],
    ["true and false are booleans in any case", "False", false],
    ["an integer is a number", "3", 3],
    ["a decimal with exponent is a number", "-1.5e3", -1500],
    [
      "a JSON object is parsed",
      '{"name": "nginx", "ports": [{"containerPort": 80}]}',
      { name: "nginx", ports: [{ containerPort: 80 }] },
    ],
    ["a JSON array is parsed", "[1, 2]", [1, 2]],
    ["text that only looks numeric is a string", "1.2.3", "1.2.3"],
  ];
  for (const [name, text, want] of cases) {
    it(name, () => {
      assert.deepEqual(patchValueFromText(text), want);
    });
  }

  it("rejects text starting with { that is not JSON", () => {
    assert.throws(() => patchValueFromText("{not json"), PatchError);
  });
});

describe("patchValueFromYaml", () => {
  const cases: [string, unknown, unknown][] = [
    ["an absent value is the empty string (Velero decodes it into an empty string)", undefined, ""],
    ["a YAML null is the empty string", null, ""],
    ["a YAML number stays a number", 2, 2],
    ["a YAML boolean stays a boolean", true, true],
    ["a YAML string follows the quoting rule", "true", true],
    ["a YAML mapping is taken as the JSON object it is", { a: [1] }, { a: [1] }],
  ];
  for (const [name, value, want] of cases) {
    it(name, () => {
      assert.deepEqual(patchValueFromYaml(value), want);
    });
  }
});
