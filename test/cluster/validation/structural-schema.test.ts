import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pruneAndDefault, validateAgainstSchema } from "./structural-schema.js";
import type { StructuralSchema } from "./structural-schema.js";

const schema: StructuralSchema = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      required: ["size"],
      properties: {
        size: { type: "string", enum: ["small", "large"] },
        replicas: { type: "integer", minimum: 0, maximum: 10, default: 1 },
        name: { type: "string", pattern: "^[a-z]+$", minLength: 2, maxLength: 5 },
        when: { type: "string", format: "date-time" },
        port: { "x-kubernetes-int-or-string": true },
        tags: { type: "array", minItems: 1, maxItems: 2, items: { type: "string" } },
        labels: { type: "object", additionalProperties: { type: "string" } },
        free: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        note: { type: "string", nullable: true },
        mode: { type: "string", default: "auto" },
      },
    },
  },
};

function fields(value: unknown): string[] {
  return validateAgainstSchema(schema, value, "").map((c) => `${c.field}: ${c.message}`);
}

describe("structural schemas", () => {
  it("prunes undeclared fields, keeps preserved and additionalProperties ones, and fills defaults", () => {
    const object = {
      spec: {
        size: "small",
        extra: 1,
        labels: { a: "b" },
        free: { anything: { goes: true } },
        mode: null,
      },
    };
    const unknown: string[] = [];
    const result = pruneAndDefault(schema, object, "", unknown);
    assert.deepEqual(unknown, ["spec.extra"]);
    assert.deepEqual(result, {
      spec: {
        size: "small",
        labels: { a: "b" },
        free: { anything: { goes: true } },
        replicas: 1,
        mode: "auto",
      },
    });
  });

  it("accepts a valid object", () => {
    assert.deepEqual(
      fields({
        spec: {
          size: "large",
          replicas: 3,
          name: "abc",
          when: "2026-01-02T03:04:05Z",
          port: "http",
          tags: ["x"],
          note: null,
        },
      }),
      [],
    );
  });

  const cases: { name: string; spec: Record<string, unknown>; expected: string }[] = [
    { name: "a missing required field", spec: {}, expected: "spec.size: Required value" },
    {
      name: "a value outside the enum",
      spec: { size: "huge" },
      expected: 'spec.size: Unsupported value: "huge": supported values: "small", "large"',
    },
    {
      name: "a string where an integer belongs",
      spec: { size: "small", replicas: "3" },
      expected:
        'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    },
    {
      name: "a number below the minimum",
      spec: { size: "small", replicas: -1 },
      expected:
        "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0",
    },
    {
      name: "a number above the maximum",
      spec: { size: "small", replicas: 11 },
      expected:
        "spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10",
    },
    {
      name: "a string not matching the pattern",
      spec: { size: "small", name: "Ab" },
      expected: "spec.name: Invalid value: \"Ab\": spec.name in body should match '^[a-z]+$'",
    },
    {
      name: "a string that is too short",
      spec: { size: "small", name: "a" },
      expected: 'spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long',
    },
    {
      name: "a string that is too long",
      spec: { size: "small", name: "abcdef" },
      expected: "spec.name: Too long: may not be more than 5 bytes",
    },
    {
      name: "a malformed date-time",
      spec: { size: "small", when: "yesterday" },
      expected:
        'spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"',
    },
    {
      name: "a boolean where int-or-string belongs",
      spec: { size: "small", port: true },
      expected:
        'spec.port: Invalid value: true: spec.port in body must be of type integer,string: "boolean"',
    },
    {
      name: "too few items",
      spec: { size: "small", tags: [] },
      expected: "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items",
    },
    {
      name: "too many items",
      spec: { size: "small", tags: ["a", "b", "c"] },
      expected: "spec.tags: Too many: 3: must have at most 2 items",
    },
    {
      name: "null in a non-nullable field",
      spec: { size: null },
      expected:
        'spec.size: Invalid value: "null": spec.size in body must be of type string: "null"',
    },
  ];
  for (const { name, spec, expected } of cases) {
    it(`reports ${name}`, () => {
      assert.deepEqual(fields({ spec }), [expected]);
    });
  }
});
