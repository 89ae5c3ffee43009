import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BackupStorageLocation } from "../../../lib/api/index.js";
import {
  buildBackupStorageLocation,
  parseAccessMode,
  validateLocationOptions,
  type LocationOptions,
} from "./build-location.js";
import { applyLocationSet } from "./set.js";
import { filterDefault } from "./get.js";

describe("backup-location create flags", () => {
  it("builds a location with only the fields the flags set, access mode always written", () => {
    const location = buildBackupStorageLocation({
      namespace: "velero",
      name: "primary",
      options: { provider: "aws", bucket: "b" },
    });
    assert.deepEqual(location.spec, {
      provider: "aws",
      objectStorage: { bucket: "b" },
      accessMode: "ReadWrite",
    });
    assert.deepEqual(location.metadata, { namespace: "velero", name: "primary" });
  });

  it("maps every optional flag onto its field", () => {
    const location = buildBackupStorageLocation({
      namespace: "ns",
      name: "x",
      options: {
        provider: "gcp",
        bucket: "b",
        prefix: "p",
        config: { kmsKeyName: "k" },
        credential: { "cloud-creds": "gcp" },
        default: true,
        accessMode: "ReadOnly",
        backupSyncPeriod: "1m0s",
        validationFrequency: "0s",
        labels: { team: "a" },
        caCertPem: Buffer.from("PEM"),
      },
    });
    assert.deepEqual(location.metadata.labels, { team: "a" });
    assert.deepEqual(location.spec, {
      provider: "gcp",
      objectStorage: { bucket: "b", prefix: "p", caCert: Buffer.from("PEM").toString("base64") },
      accessMode: "ReadOnly",
      config: { kmsKeyName: "k" },
      credential: { name: "cloud-creds", key: "gcp" },
      default: true,
      backupSyncPeriod: "1m0s",
      validationFrequency: "0s",
    });
  });

  const refused: [string, LocationOptions, RegExp][] = [
    ["no provider", { bucket: "b" }, /--provider is required/],
    ["no bucket", { provider: "aws" }, /--bucket is required/],
    ["a bucket with a slash", { provider: "aws", bucket: "b/p" }, /without "\/"/],
    [
      "an unknown provider",
      { provider: "oracle", bucket: "b" },
      /unknown object storage provider "oracle"/,
    ],
    [
      "a config key the provider does not know",
      { provider: "velero.io/aws", bucket: "b", config: { regoin: "x" } },
      /config has invalid keys \[regoin\]/,
    ],
    [
      "two credential pairs",
      { provider: "aws", bucket: "b", credential: { a: "1", b: "2" } },
      /--credential can only contain 1 key\/value pair/,
    ],
  ];
  for (const [what, options, message] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(() => {
        validateLocationOptions(options);
      }, message);
    });
  }

  it("accepts the provider's own config keys and an S3 ARN bucket", () => {
    validateLocationOptions({
      provider: "aws",
      bucket: "arn:aws:s3:::b/x",
      config: { region: "eu-west-1", s3ForcePathStyle: "true" },
    });
    validateLocationOptions({ provider: "filesystem", bucket: "b", config: { path: "/d" } });
  });

  it("parses --access-mode and refuses other values", () => {
    assert.equal(parseAccessMode("ReadOnly"), "ReadOnly");
    assert.throws(() => parseAccessMode("readonly"), /valid values: ReadWrite, ReadOnly/);
  });
});

const existing: BackupStorageLocation = {
  apiVersion: "velero.io/v1",
  kind: "BackupStorageLocation",
  metadata: { name: "x", namespace: "velero", resourceVersion: "7" },
  spec: {
    provider: "aws",
    objectStorage: { bucket: "b", caCert: "b2xk" },
    default: true,
    credential: { name: "old", key: "k" },
  },
};

describe("backup-location set", () => {
  it("writes default as given and drops the CA bundle without --cacert, as Velero", () => {
    const updated = applyLocationSet(existing, {}, undefined);
    assert.equal(updated.spec.default, false);
    assert.equal(updated.spec.objectStorage.caCert, undefined);
    assert.deepEqual(updated.spec.credential, { name: "old", key: "k" });
    assert.equal(updated.metadata.resourceVersion, "7");
    assert.equal(existing.spec.objectStorage.caCert, "b2xk");
  });

  it("sets default, credential and CA bundle", () => {
    const updated = applyLocationSet(
      existing,
      { default: true, credential: { fresh: "cloud" } },
      Buffer.from("PEM"),
    );
    assert.equal(updated.spec.default, true);
    assert.deepEqual(updated.spec.credential, { name: "fresh", key: "cloud" });
    assert.equal(updated.spec.objectStorage.caCert, Buffer.from("PEM").toString("base64"));
  });
});

describe("backup-location get --default", () => {
  it("keeps only the default location when asked", () => {
    const other = { ...existing, spec: { ...existing.spec, default: false } };
    assert.deepEqual(filterDefault([other, existing], true), [existing]);
    assert.equal(filterDefault([other, existing], false).length, 2);
  });
});
