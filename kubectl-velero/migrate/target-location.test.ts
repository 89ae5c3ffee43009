import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BackupStorageLocation } from "../../lib/api/index.js";
import {
  buildCredentialSecret,
  buildTargetLocation,
  findMatchingLocation,
  sourceCredentialRef,
  targetLocationName,
} from "./target-location.js";

function location(
  name: string,
  spec: Partial<BackupStorageLocation["spec"]> = {},
): BackupStorageLocation {
  return {
    apiVersion: "velero.io/v1",
    kind: "BackupStorageLocation",
    metadata: { name, namespace: "velero" },
    spec: { provider: "aws", objectStorage: { bucket: "backups", prefix: "team" }, ...spec },
  };
}

describe("pointing the target at the source's bucket", () => {
  const source = location("default", {
    config: { region: "us-east-1", s3Url: "http://s3" },
    credential: { name: "creds", key: "cloud" },
    default: true,
  });

  it("reuses a location with the same provider, bucket and prefix (slashes aside)", () => {
    const same = location("shared", {
      provider: "velero.io/aws",
      objectStorage: { bucket: "backups", prefix: "/team/" },
    });
    const other = location("other", { objectStorage: { bucket: "backups", prefix: "x" } });
    assert.equal(findMatchingLocation([other, same], source)?.metadata.name, "shared");
    assert.equal(findMatchingLocation([other], source), undefined);
  });

  it("prefers a ReadOnly match over a ReadWrite one", () => {
    const rw = location("rw");
    const ro = location("ro", { accessMode: "ReadOnly" });
    assert.equal(findMatchingLocation([rw, ro], source)?.metadata.name, "ro");
  });

  it("builds a ReadOnly, non-default copy with the copied credentials", () => {
    const built = buildTargetLocation({
      source,
      name: "migrate-from-cluster1",
      namespace: "velero-b",
      credential: { name: "migrate-from-cluster1", key: "cloud" },
    });
    assert.deepEqual(built.metadata.name, "migrate-from-cluster1");
    assert.equal(built.metadata.namespace, "velero-b");
    assert.deepEqual(built.spec, {
      provider: "aws",
      config: { region: "us-east-1", s3Url: "http://s3" },
      objectStorage: { bucket: "backups", prefix: "team" },
      credential: { name: "migrate-from-cluster1", key: "cloud" },
      accessMode: "ReadOnly",
    });
  });

  it("names the location after the source context as a valid object name", () => {
    assert.equal(targetLocationName("cluster1"), "migrate-from-cluster1");
    assert.equal(targetLocationName("arn:aws:eks:eu/Prod_1"), "migrate-from-arn-aws-eks-eu-prod-1");
    assert.ok(targetLocationName("x".repeat(100)).length <= 63);
    assert.equal(targetLocationName("___"), "migrate-from-source");
  });

  it("takes the install's credentials Secret when the source names none", () => {
    assert.deepEqual(sourceCredentialRef(location("a")), {
      name: "cloud-credentials",
      key: "cloud",
    });
    assert.deepEqual(sourceCredentialRef(source), { name: "creds", key: "cloud" });
  });

  it("copies only the key the location uses into the target's Secret", () => {
    const secret = buildCredentialSecret({
      source: {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "creds", namespace: "velero", uid: "u", resourceVersion: "5" },
        data: { cloud: "c2VjcmV0", other: "eA==" },
      },
      key: "cloud",
      name: "migrate-from-cluster1",
      namespace: "velero-b",
    });
    const meta = secret.metadata;
    assert.ok(meta);
    assert.equal(meta.name, "migrate-from-cluster1");
    assert.equal(meta.namespace, "velero-b");
    assert.equal(meta.uid, undefined);
    assert.deepEqual(secret.data, { cloud: "c2VjcmV0" });
  });
});
