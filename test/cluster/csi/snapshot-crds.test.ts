import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError, type KubeObject } from "../cluster-api.js";
import { DEFAULT_PROVISIONER } from "../bootstrap.js";
import { startTestCluster } from "../../helpers/local-cluster.js";
import {
  DEFAULT_SNAPSHOT_CLASS,
  LOCAL_CSI_DRIVER,
  SNAPSHOT_API_VERSION,
  snapshotResources,
  type VolumeSnapshotClass,
} from "./snapshot-types.js";

const cluster = await startTestCluster({ name: "snapcrds", nodes: 0 });

function snapshot(name: string, source: Record<string, string>): KubeObject {
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: "VolumeSnapshot",
    metadata: { name, namespace: "default" },
    spec: { source },
  };
}

function invalidCauses(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.code, 422);
    return error.message;
  }
  assert.fail("expected the API to refuse the object");
}

describe("the snapshot.storage.k8s.io API every test cluster serves", () => {
  it("names the same CSI driver as the default StorageClass's provisioner", () => {
    assert.equal(LOCAL_CSI_DRIVER, DEFAULT_PROVISIONER);
  });

  it("starts with a default VolumeSnapshotClass for local.csi.test labelled for Velero, policy Delete", () => {
    const found = cluster.api.get(
      snapshotResources.volumesnapshotclasses,
      undefined,
      DEFAULT_SNAPSHOT_CLASS,
    ) as VolumeSnapshotClass | undefined;
    assert.equal(found?.driver, LOCAL_CSI_DRIVER);
    assert.equal(found.deletionPolicy, "Delete");
    assert.equal(found.metadata.labels?.["velero.io/csi-volumesnapshot-class"], "true");
    assert.equal(
      found.metadata.annotations?.["snapshot.storage.kubernetes.io/is-default-class"],
      "true",
    );
  });

  it("lists the three kinds in discovery with their scopes and short names", async () => {
    const result = await cluster.kubectl([
      "api-resources",
      "--api-group",
      "snapshot.storage.k8s.io",
      "--no-headers",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const rows = result.stdout
      .trim()
      .split("\n")
      .map((line) => line.split(/\s+/));
    assert.deepEqual(rows, [
      [
        "volumesnapshotclasses",
        "vsclass,vsclasses",
        SNAPSHOT_API_VERSION,
        "false",
        "VolumeSnapshotClass",
      ],
      [
        "volumesnapshotcontents",
        "vsc,vscs",
        SNAPSHOT_API_VERSION,
        "false",
        "VolumeSnapshotContent",
      ],
      ["volumesnapshots", "vs", SNAPSHOT_API_VERSION, "true", "VolumeSnapshot"],
    ]);
  });

  it("prints VolumeSnapshots with the external-snapshotter's columns", async () => {
    const applied = await cluster.kubectl(["apply", "-f", "-"], {
      input: JSON.stringify(snapshot("printed", { persistentVolumeClaimName: "data" })),
    });
    assert.equal(applied.code, 0, applied.stderr);
    const result = await cluster.kubectl(["get", "volumesnapshot", "printed", "-n", "default"]);
    assert.equal(result.code, 0, result.stderr);
    const [header = "", row = ""] = result.stdout.split("\n");
    assert.deepEqual(header.split(/\s+/), [
      "NAME",
      "READYTOUSE",
      "SOURCEPVC",
      "SOURCESNAPSHOTCONTENT",
      "RESTORESIZE",
      "SNAPSHOTCLASS",
      "SNAPSHOTCONTENT",
      "CREATIONTIME",
      "AGE",
    ]);
    assert.match(row, /^printed\s+data\s/);
    const classes = await cluster.kubectl(["get", "vsclass"]);
    assert.match(classes.stdout, /^NAME\s+DRIVER\s+DELETIONPOLICY\s+AGE\n/);
    assert.match(classes.stdout, /local-csi-snapclass\s+local\.csi\.test\s+Delete\s/);
  });

  it("refuses a VolumeSnapshot whose source names both or neither of a claim and a content", () => {
    const ref = snapshotResources.volumesnapshots;
    assert.match(
      invalidCauses(() => cluster.api.create(ref, snapshot("neither", {}))),
      /spec\.source/,
    );
    assert.match(
      invalidCauses(() =>
        cluster.api.create(
          ref,
          snapshot("both", { persistentVolumeClaimName: "a", volumeSnapshotContentName: "b" }),
        ),
      ),
      /spec\.source/,
    );
  });

  it("refuses a VolumeSnapshotContent without a driver or with an unknown deletionPolicy", () => {
    const content = {
      apiVersion: SNAPSHOT_API_VERSION,
      kind: "VolumeSnapshotContent",
      metadata: { name: "bad-content" },
      spec: {
        deletionPolicy: "Sometimes",
        source: { snapshotHandle: "h" },
        volumeSnapshotRef: { name: "s", namespace: "default" },
      },
    };
    const message = invalidCauses(() =>
      cluster.api.create(snapshotResources.volumesnapshotcontents, content),
    );
    assert.match(message, /spec\.driver/);
    assert.match(message, /spec\.deletionPolicy/);
  });
});
