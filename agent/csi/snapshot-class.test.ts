import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { VolumeSnapshotClass } from "../../lib/api/index.js";
import { NoSnapshotClassError } from "./errors.js";
import { selectSnapshotClass, type SnapshotClassQuery } from "./snapshot-class.js";

function snapshotClass(
  name: string,
  driver: string,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): VolumeSnapshotClass {
  return { metadata: { name, ...extra }, driver, deletionPolicy: "Delete" };
}

const labelled = snapshotClass("labelled", "d1", {
  labels: { "velero.io/csi-volumesnapshot-class": "true" },
});
const byDefault = snapshotClass("default", "d1", {
  annotations: { "snapshot.storage.kubernetes.io/is-default-class": "true" },
});
const plain = snapshotClass("plain", "d1");
const other = snapshotClass("other", "d2");
const query: SnapshotClassQuery = { driver: "d1", claimName: "data", backupName: "b1" };

describe("VolumeSnapshotClass selection", () => {
  const cases: [string, VolumeSnapshotClass[], Partial<SnapshotClassQuery>, string][] = [
    [
      "the class labelled for Velero wins over the default one",
      [plain, byDefault, labelled],
      {},
      "labelled",
    ],
    ["Kubernetes' default class comes next", [plain, byDefault, other], {}, "default"],
    ["the driver's only class is used without label or annotation", [plain, other], {}, "plain"],
    [
      "the PVC's annotation names the class",
      [labelled, plain],
      { claimAnnotations: { "velero.io/csi-volumesnapshot-class": "plain" } },
      "plain",
    ],
    [
      "the backup's per-driver annotation names the class",
      [labelled, plain],
      { backupAnnotations: { "velero.io/csi-volumesnapshot-class_d1": "PLAIN" } },
      "plain",
    ],
    [
      "the PVC's annotation wins over the backup's",
      [labelled, plain, byDefault],
      {
        claimAnnotations: { "velero.io/csi-volumesnapshot-class": "default" },
        backupAnnotations: { "velero.io/csi-volumesnapshot-class_d1": "plain" },
      },
      "default",
    ],
    [
      "an annotation naming another driver's class is ignored",
      [labelled, other],
      { claimAnnotations: { "velero.io/csi-volumesnapshot-class": "other" } },
      "labelled",
    ],
  ];
  for (const [name, classes, extra, expected] of cases) {
    test(name, () => {
      assert.equal(selectSnapshotClass(classes, { ...query, ...extra }).metadata.name, expected);
    });
  }

  test("a driver with two unmarked classes has no class, and the error says what to set", () => {
    assert.throws(
      () => selectSnapshotClass([plain, snapshotClass("plain2", "d1"), other], query),
      (error: unknown) =>
        error instanceof NoSnapshotClassError &&
        /provisioner d1: ensure that the desired VolumeSnapshotClass has the velero.io\/csi-volumesnapshot-class label/.test(
          error.message,
        ),
    );
  });

  test("a driver with no class at all has no class", () => {
    assert.throws(() => selectSnapshotClass([other], query), NoSnapshotClassError);
  });
});
