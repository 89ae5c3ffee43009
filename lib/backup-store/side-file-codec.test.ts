import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import { BackupStoreDataError } from "./errors.js";
import {
  backupOperationsCodec,
  backupVolumeInfosCodec,
  gzipText,
  kubeObjectsCodec,
  parseGzippedJson,
  resourceListCodec,
  restoreOperationsCodec,
  restoreVolumeInfosCodec,
  resultsCodec,
  volumeSnapshotsCodec,
} from "./side-file-codec.js";

describe("side-file encodings", () => {
  const empties: [string, string, string][] = [
    ["pod volume backups", kubeObjectsCodec.encode([]), "null\n"],
    ["native volume snapshots", volumeSnapshotsCodec.encode([]), "null\n"],
    ["backup item operations", backupOperationsCodec.encode([]), "[]\n"],
    ["restore item operations", restoreOperationsCodec.encode([]), "[]\n"],
    ["backup volume infos", backupVolumeInfosCodec.encode([]), "[]\n"],
    ["restore volume infos", restoreVolumeInfosCodec.encode([]), "[]\n"],
    ["resource list", resourceListCodec.encode({}), "{}\n"],
    ["results", resultsCodec.encode({ errors: {}, warnings: {} }), '{"errors":{},"warnings":{}}\n'],
  ];
  for (const [what, actual, expected] of empties) {
    it(`writes empty ${what} as Velero does: ${JSON.stringify(expected)}`, () => {
      assert.equal(actual, expected);
    });
  }

  it("sorts resource-list keys and values by bytes and escapes HTML as Go does", () => {
    const text = resourceListCodec.encode({
      "v1/Pod": ["b/x", "a/<y>", "a/10", "a/9"],
      "apps/v1/Deployment": ["ns/d"],
    });
    assert.equal(
      text,
      '{"apps/v1/Deployment":["ns/d"],"v1/Pod":["a/10","a/9","a/\\u003cy\\u003e","b/x"]}\n',
    );
  });

  it("writes results with errors before warnings and each Result's fields in Go order, empty ones omitted", () => {
    const text = resultsCodec.encode({
      warnings: { namespaces: { "9": ["n9"], "10": ["n10"] }, velero: ["v"], cluster: [] },
      errors: { cluster: ["c"] },
    });
    assert.equal(
      text,
      '{"errors":{"cluster":["c"]},"warnings":{"velero":["v"],"namespaces":{"10":["n10"],"9":["n9"]}}}\n',
    );
  });

  it("writes a native snapshot with Go's field order, omitting empty optional fields", () => {
    const text = volumeSnapshotsCodec.encode([
      {
        status: { phase: "Completed" },
        spec: {
          volumeType: "gp3",
          providerVolumeID: "vol",
          persistentVolumeName: "pv",
          location: "default",
          backupUID: "u",
          backupName: "b",
          volumeIOPS: 0,
        },
      },
    ]);
    assert.equal(
      text,
      '[{"spec":{"backupName":"b","backupUID":"u","location":"default","persistentVolumeName":"pv",' +
        '"providerVolumeID":"vol","volumeType":"gp3","volumeIOPS":0},"status":{"phase":"Completed"}}]\n',
    );
  });

  it("writes item operations with capitalised resource identifiers and a null postOperationItems", () => {
    const identifier = { Group: "", Resource: "pods", Namespace: "ns", Name: "p" };
    const text = backupOperationsCodec.encode([
      {
        spec: {
          backupName: "b",
          backupUID: "u",
          backupItemAction: "a",
          resourceIdentifier: identifier,
          operationID: "o",
          postOperationItems: null,
        },
        status: { created: "2026-01-02T03:04:05Z", nTotal: 0, phase: "New" },
      },
    ]);
    assert.equal(
      text,
      '[{"spec":{"backupName":"b","backupUID":"u","backupItemAction":"a","resourceIdentifier":' +
        '{"Group":"","Resource":"pods","Namespace":"ns","Name":"p"},"operationID":"o",' +
        '"postOperationItems":null},"status":{"phase":"New","created":"2026-01-02T03:04:05Z"}}]\n',
    );
  });

  it("writes volume infos with untagged Go fields (ReadyToUse, Phase) and required zero values", () => {
    const text = backupVolumeInfosCodec.encode([
      {
        pvName: "pv",
        snapshotDataMoved: false,
        preserveLocalSnapshot: false,
        skipped: false,
        csiSnapshotInfo: {
          snapshotHandle: "h",
          size: 1,
          driver: "d",
          vscName: "v",
          ReadyToUse: null,
        },
        pvbInfo: {
          uploaderType: "kopia",
          volumeName: "v",
          podName: "p",
          podNamespace: "n",
          Phase: "",
        },
        pvInfo: { reclaimPolicy: "Delete", labels: { b: "2", a: "1" } },
      },
    ]);
    assert.equal(
      text,
      '[{"pvName":"pv","snapshotDataMoved":false,"preserveLocalSnapshot":false,"skipped":false,' +
        '"csiSnapshotInfo":{"snapshotHandle":"h","size":1,"driver":"d","vscName":"v","ReadyToUse":null},' +
        '"pvbInfo":{"uploaderType":"kopia","volumeName":"v","podName":"p","podNamespace":"n","Phase":""},' +
        '"pvInfo":{"reclaimPolicy":"Delete","labels":{"a":"1","b":"2"}}}]\n',
    );
  });

  it("decodes missing fields to Go's zero values and drops unknown ones", () => {
    const [info] = backupVolumeInfosCodec.decode([{ pvName: "pv", unknown: 1, pvInfo: {} }]);
    assert.deepEqual(info, {
      pvName: "pv",
      snapshotDataMoved: false,
      preserveLocalSnapshot: false,
      skipped: false,
      pvInfo: { reclaimPolicy: "", labels: null },
    });
    assert.deepEqual(resultsCodec.decode(null), { errors: {}, warnings: {} });
    assert.deepEqual(resourceListCodec.decode(null), {});
    assert.deepEqual(volumeSnapshotsCodec.decode(null), []);
    assert.deepEqual(kubeObjectsCodec.decode(null), []);
  });

  it("keeps Kubernetes objects' own key order", () => {
    const text = kubeObjectsCodec.encode([{ kind: "PodVolumeBackup", apiVersion: "velero.io/v1" }]);
    assert.equal(text, '[{"kind":"PodVolumeBackup","apiVersion":"velero.io/v1"}]\n');
  });
});

describe("gzip framing", () => {
  it("gzips without a file name, and gunzips back to the same text", () => {
    const bytes = gzipText("null\n");
    assert.equal(bytes[3]! & 0x08, 0, "FNAME flag is not set");
    assert.equal(gunzipSync(bytes).toString(), "null\n");
  });

  it("names the key when a file is not gzip or not JSON", () => {
    assert.throws(
      () => parseGzippedJson("k1", Buffer.from("plain")),
      (e: unknown) => {
        return e instanceof BackupStoreDataError && e.key === "k1" && /gzip/.test(e.message);
      },
    );
    assert.throws(() => parseGzippedJson("k2", gzipSync("{nope")), /k2: not valid JSON/);
  });
});
