import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { labelProblem, requireObjectName, subdomainProblem } from "./resource-name.js";

describe("resource names", () => {
  const subdomains: [string, boolean][] = [
    ["nginx-backup", true],
    ["a.b-c.d", true],
    ["0abc", true],
    ["Nginx", false],
    ["under_score", false],
    ["-lead", false],
    ["trail-", false],
    ["a..b", false],
    ["", false],
    ["x".repeat(253), true],
    ["x".repeat(254), false],
  ];
  for (const [name, ok] of subdomains) {
    it(`${ok ? "accepts" : "refuses"} "${name.slice(0, 20)}" as an object name`, () => {
      assert.equal(subdomainProblem(name) === undefined, ok);
    });
  }

  it("refuses dots and long names in namespace names", () => {
    assert.notEqual(labelProblem("a.b"), undefined);
    assert.notEqual(labelProblem("x".repeat(64)), undefined);
    assert.equal(labelProblem("x".repeat(63)), undefined);
  });

  it("names the kind and the bad name in the error", () => {
    assert.throws(
      () => requireObjectName("backup", "My_Backup"),
      /invalid backup name "My_Backup": a lowercase RFC 1123 subdomain/,
    );
  });
});
