import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PersistentVolume, PersistentVolumeClaim } from "../controllers/kube-types.js";
import {
  bytesToQuantity,
  chooseSnapshotClass,
  claimSnapshotSource,
  dynamicContent,
  isContentFor,
  nanosToTimestamp,
  statusFromContent,
} from "./snapshot-objects.js";
import type {
  VolumeSnapshot,
  VolumeSnapshotClass,
  VolumeSnapshotContent,
} from "./snapshot-types.js";

function snapClass(
  name: string,
  driver: string,
  isDefault = false,
  deletionPolicy: "Delete" | "Retain" = "Delete",
): VolumeSnapshotClass {
  return {
    apiVersion: "snapshot.storage.k8s.io/v1",
    kind: "VolumeSnapshotClass",
    metadata: {
      name,
      annotations: isDefault ? { "snapshot.storage.kubernetes.io/is-default-class": "true" } : {},
    },
    driver,
    deletionPolicy,
  };
}

function snapshot(className?: string): VolumeSnapshot {
  return {
    apiVersion: "snapshot.storage.k8s.io/v1",
    kind: "VolumeSnapshot",
    metadata: { name: "s", namespace: "app", uid: "uid-1", resourceVersion: "7" },
    spec: {
      source: { persistentVolumeClaimName: "data" },
      ...(className === undefined ? {} : { volumeSnapshotClassName: className }),
    },
  };
}

describe("choosing the VolumeSnapshotClass of a snapshot", () => {
  const classes = [
    snapClass("a-default", "a.csi", true),
    snapClass("a-other", "a.csi"),
    snapClass("b-one", "b.csi", true),
    snapClass("b-two", "b.csi", true),
  ];
  const cases: { name: string; wanted?: string; driver: string; expect: string }[] = [
    {
      name: "a named class of the volume's driver is used",
      wanted: "a-other",
      driver: "a.csi",
      expect: "a-other",
    },
    { name: "no name means the driver's one default class", driver: "a.csi", expect: "a-default" },
    {
      name: "an unknown name is an error",
      wanted: "nope",
      driver: "a.csi",
      expect: 'error: VolumeSnapshotClass "nope" not found',
    },
    {
      name: "a class of another driver is an error",
      wanted: "b-one",
      driver: "a.csi",
      expect:
        'error: VolumeSnapshotClass "b-one" is for driver b.csi, the volume\'s driver is a.csi',
    },
    {
      name: "a driver without a default class is an error",
      driver: "c.csi",
      expect: "error: no default VolumeSnapshotClass for driver c.csi",
    },
    {
      name: "two default classes for one driver are an error",
      driver: "b.csi",
      expect: "error: 2 default VolumeSnapshotClasses for driver b.csi",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const choice = chooseSnapshotClass(classes, snapshot(c.wanted), c.driver);
      const got = "error" in choice ? `error: ${choice.error}` : choice.snapshotClass.metadata.name;
      assert.equal(got, c.expect);
    });
  }
});

describe("the objects of a dynamic snapshot", () => {
  const volume: PersistentVolume = {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: "pvc-9" },
    spec: { csi: { driver: "a.csi", volumeHandle: "a.csi-9" }, volumeMode: "Filesystem" },
  };

  it("gives the content the snapshot's ref, the volume's handle and the class's driver and policy", () => {
    const content = dynamicContent(snapshot(), volume, snapClass("keep", "a.csi", false, "Retain"));
    assert.deepEqual(content, {
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshotContent",
      metadata: { name: "snapcontent-uid-1" },
      spec: {
        deletionPolicy: "Retain",
        driver: "a.csi",
        source: { volumeHandle: "a.csi-9" },
        sourceVolumeMode: "Filesystem",
        volumeSnapshotClassName: "keep",
        volumeSnapshotRef: {
          apiVersion: "snapshot.storage.k8s.io/v1",
          kind: "VolumeSnapshot",
          name: "s",
          namespace: "app",
          uid: "uid-1",
          resourceVersion: "7",
        },
      },
    });
  });

  it("binds a content to a snapshot by name and namespace, and by uid once the ref has one", () => {
    const content = dynamicContent(snapshot(), volume, snapClass("c", "a.csi"));
    assert.equal(isContentFor(content, snapshot()), true);
    const other = { ...snapshot(), metadata: { ...snapshot().metadata, uid: "uid-2" } };
    assert.equal(isContentFor(content, other), false);
    content.spec.volumeSnapshotRef.uid = "";
    assert.equal(isContentFor(content, other), true);
    content.spec.volumeSnapshotRef.namespace = "elsewhere";
    assert.equal(isContentFor(content, other), false);
  });

  it("copies readiness, size as a quantity, time and error from the content to the snapshot", () => {
    const content: VolumeSnapshotContent = {
      ...dynamicContent(snapshot(), volume, snapClass("c", "a.csi")),
      status: {
        readyToUse: true,
        restoreSize: 2 * 1024 ** 3,
        creationTime: Date.UTC(2026, 0, 2, 3, 4, 5, 678) * 1_000_000,
        snapshotHandle: "h",
      },
    };
    assert.deepEqual(statusFromContent(content), {
      boundVolumeSnapshotContentName: "snapcontent-uid-1",
      readyToUse: true,
      restoreSize: "2Gi",
      creationTime: "2026-01-02T03:04:05Z",
    });
    content.status = { error: { message: "boom" } };
    assert.deepEqual(statusFromContent(content), {
      boundVolumeSnapshotContentName: "snapcontent-uid-1",
      readyToUse: false,
      error: { message: "boom" },
    });
  });
});

describe("quantities and times as the snapshot controller writes them", () => {
  const cases: [number, string][] = [
    [0, "0"],
    [1000, "1000"],
    [1024, "1Ki"],
    [1536, "1536"],
    [1024 ** 3, "1Gi"],
    [3 * 1024 ** 2, "3Mi"],
    [1024 ** 4 + 1024 ** 3, "1025Gi"],
  ];
  for (const [bytes, quantity] of cases) {
    it(`writes ${String(bytes)} bytes as ${quantity}`, () => {
      assert.equal(bytesToQuantity(bytes), quantity);
    });
  }

  it("writes nanoseconds as a timestamp in whole seconds", () => {
    assert.equal(nanosToTimestamp(1_700_000_000_999_000_000), "2023-11-14T22:13:20Z");
  });
});

describe("the snapshot a claim is provisioned from", () => {
  const claim = (spec: Record<string, unknown>): PersistentVolumeClaim => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "c", namespace: "app" },
    spec,
  });
  const vs = { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "snap" };
  const cases: { name: string; spec: Record<string, unknown>; expect: string | undefined }[] = [
    { name: "no data source names none", spec: {}, expect: undefined },
    { name: "a VolumeSnapshot dataSource names it", spec: { dataSource: vs }, expect: "snap" },
    {
      name: "a VolumeSnapshot dataSourceRef names it",
      spec: { dataSourceRef: vs },
      expect: "snap",
    },
    {
      name: "dataSourceRef wins over dataSource",
      spec: { dataSource: { ...vs, name: "old" }, dataSourceRef: vs },
      expect: "snap",
    },
    {
      name: "a claim to clone names none",
      spec: { dataSource: { kind: "PersistentVolumeClaim", name: "other" } },
      expect: undefined,
    },
    {
      name: "a VolumeSnapshot of another group names none",
      spec: { dataSource: { ...vs, apiGroup: "example.com" } },
      expect: undefined,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(claimSnapshotSource(claim(c.spec)), c.expect);
    });
  }
});
