import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  describeMissingApis,
  groupsDefinedByBackup,
  missingApis,
  parseResourceKey,
} from "./api-versions.js";

const served = [
  { group: "", version: "v1", kind: "ConfigMap" },
  { group: "apps", version: "v1", kind: "Deployment" },
  { group: "example.com", version: "v1", kind: "Widget" },
];

describe("API versions the target must serve", () => {
  it("splits resource list keys with and without a group", () => {
    assert.deepEqual(parseResourceKey("v1/Pod"), { group: "", version: "v1", kind: "Pod" });
    assert.deepEqual(parseResourceKey("apps/v1/Deployment"), {
      group: "apps",
      version: "v1",
      kind: "Deployment",
    });
    assert.equal(parseResourceKey("nonsense"), undefined);
  });

  it("finds nothing missing when every group version is served", () => {
    const list = { "v1/ConfigMap": ["app/a"], "apps/v1/Deployment": ["app/web"] };
    assert.deepEqual(missingApis(list, served), []);
  });

  it("names a kind whose group is not served at all, and one served in another version", () => {
    const list = {
      "v1/ConfigMap": ["app/a"],
      "stable.example.org/v1/Gadget": ["app/g1", "app/g2"],
      "example.com/v2/Widget": ["app/w"],
    };
    const missing = missingApis(list, served);
    assert.deepEqual(missing, [
      { resource: "example.com/v2/Widget", items: 1, servedVersions: ["v1"] },
      { resource: "stable.example.org/v1/Gadget", items: 2, servedVersions: [] },
    ]);
    assert.deepEqual(describeMissingApis(missing), [
      "example.com/v2/Widget (1 item): the target serves only v1",
      "stable.example.org/v1/Gadget (2 items): not served at all",
    ]);
  });

  it("exempts kinds whose CRD is in the backup (the restore creates it first)", () => {
    const list = {
      "apiextensions.k8s.io/v1/CustomResourceDefinition": ["gadgets.stable.example.org"],
      "stable.example.org/v1/Gadget": ["app/g1"],
    };
    assert.deepEqual([...groupsDefinedByBackup(list)], ["stable.example.org"]);
    assert.deepEqual(
      missingApis(list, [
        ...served,
        { group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition" },
      ]),
      [],
    );
  });

  it("ignores kinds without items", () => {
    assert.deepEqual(missingApis({ "other.io/v1/Thing": [] }, served), []);
  });
});
