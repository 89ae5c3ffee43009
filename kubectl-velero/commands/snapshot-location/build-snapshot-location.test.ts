import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildVolumeSnapshotLocation,
  validateSnapshotLocationOptions,
} from "./build-snapshot-location.js";
import { applySnapshotLocationSet } from "./set.js";

describe("snapshot-location flags", () => {
  it("builds a location with provider, config, credential and labels", () => {
    const location = buildVolumeSnapshotLocation({
      namespace: "velero",
      name: "ebs",
      options: {
        provider: "aws",
        config: { region: "us-east-1" },
        credential: { creds: "aws" },
        labels: { a: "b" },
      },
    });
    assert.deepEqual(location.metadata, { namespace: "velero", name: "ebs", labels: { a: "b" } });
    assert.deepEqual(location.spec, {
      provider: "aws",
      config: { region: "us-east-1" },
      credential: { name: "creds", key: "aws" },
    });
  });

  it("leaves out empty maps", () => {
    const location = buildVolumeSnapshotLocation({
      namespace: "velero",
      name: "ebs",
      options: { provider: "aws", config: {}, labels: {} },
    });
    assert.deepEqual(location.spec, { provider: "aws" });
    assert.equal(location.metadata.labels, undefined);
  });

  for (const [what, options, message] of [
    ["no provider", {}, /--provider is required/],
    ["an unknown provider", { provider: "csi" }, /unknown volume snapshot provider "csi"/],
    ["two credential pairs", { provider: "gcp", credential: { a: "1", b: "2" } }, /1 key\/value/],
  ] as const) {
    it(`refuses ${what}`, () => {
      assert.throws(() => {
        validateSnapshotLocationOptions(options);
      }, message);
    });
  }

  it("set replaces the credential and keeps the rest", () => {
    const location = buildVolumeSnapshotLocation({
      namespace: "velero",
      name: "ebs",
      options: { provider: "aws", config: { region: "r" } },
    });
    const updated = applySnapshotLocationSet(location, { fresh: "key" });
    assert.deepEqual(updated.spec, {
      provider: "aws",
      config: { region: "r" },
      credential: { name: "fresh", key: "key" },
    });
    assert.equal(applySnapshotLocationSet(location, undefined), location);
  });
});
