import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../lib/kube/index.js";
import { addRestoreLabels, blankRestoreLabels, resetMetadataAndStatus } from "./object-metadata.js";

describe("resetMetadataAndStatus", () => {
  it("removes server-owned metadata and status and keeps labels, annotations, finalizers and managedFields", () => {
    const object = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: "web",
        namespace: "shop",
        generateName: "web-",
        selfLink: "/apis/apps/v1/namespaces/shop/deployments/web",
        uid: "u",
        resourceVersion: "7",
        generation: 3,
        creationTimestamp: "2026-01-01T00:00:00Z",
        deletionTimestamp: "2026-01-02T00:00:00Z",
        deletionGracePeriodSeconds: 30,
        ownerReferences: [{ apiVersion: "v1", kind: "X", name: "o", uid: "o" }],
        labels: { app: "web" },
        annotations: { note: "n" },
        finalizers: ["f"],
        managedFields: [{ manager: "kubectl" }],
      },
      spec: { replicas: 2 },
      status: { replicas: 2 },
    };
    assert.deepEqual(resetMetadataAndStatus(object), {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: "web",
        namespace: "shop",
        labels: { app: "web" },
        annotations: { note: "n" },
        finalizers: ["f"],
        managedFields: [{ manager: "kubectl" }],
      },
      spec: { replicas: 2 },
    });
  });
});

describe("restore labels", () => {
  it("adds backup-name and restore-name, shortening names over 63 bytes as Velero does", () => {
    const object: KubeObject = { metadata: { name: "x" } };
    const long = "b".repeat(70);
    addRestoreLabels(object, "r1", long);
    const labels = object.metadata?.labels ?? {};
    assert.equal(labels["velero.io/restore-name"], "r1");
    const backupLabel = labels["velero.io/backup-name"] ?? "";
    assert.equal(backupLabel.length, 63);
    assert.ok(backupLabel.startsWith("b".repeat(57)));
  });

  it("blanks both labels for label-only patches", () => {
    const object = { metadata: { labels: { app: "a", "velero.io/restore-name": "r0" } } };
    blankRestoreLabels(object);
    assert.deepEqual(object.metadata.labels, {
      app: "a",
      "velero.io/restore-name": "",
      "velero.io/backup-name": "",
    });
  });
});
