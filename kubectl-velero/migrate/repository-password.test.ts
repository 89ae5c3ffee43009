import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { locationPasswordKey } from "../../lib/api/index.js";
import { sourcePassword } from "./repository-password.js";

describe("the source's repository password", () => {
  const secret = (data: Record<string, string>) => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "velero-repo-credentials" },
    data,
  });

  it("is the location's own key when it has one, else the common key", () => {
    const both = secret({ "repository-password": "Y29tbW9u", "repository-password-main": "b3du" });
    assert.equal(sourcePassword(both, "main"), "b3du");
    assert.equal(sourcePassword(both, "other"), "Y29tbW9u");
  });

  it("is missing when the Secret has neither key", () => {
    assert.equal(sourcePassword(secret({}), "main"), undefined);
    assert.equal(sourcePassword(secret({ "repository-password": "" }), "main"), undefined);
  });

  it("goes under the target location's own key", () => {
    assert.equal(locationPasswordKey("migrate-from-east"), "repository-password-migrate-from-east");
  });
});
