import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataUploadBuilder, PodVolumeBackupBuilder, type DataUpload } from "../../lib/api/index.js";
import type { BackupVolumeInfo } from "../../lib/backup-store/index.js";
import {
  movedSnapshotsInVolumeInfos,
  movedSnapshotsOfDataUploads,
  uniqueSnapshots,
} from "./moved-snapshots.js";
import { podVolumeSnapshots } from "./pod-volume-snapshot-deleter.js";

function movedInfo(pvc: string, handle: string, dataMover = "velero"): BackupVolumeInfo {
  return {
    pvcName: pvc,
    pvcNamespace: "shop",
    backupMethod: "CSISnapshot",
    snapshotDataMoved: true,
    preserveLocalSnapshot: false,
    skipped: false,
    snapshotDataMovementInfo: {
      dataMover,
      uploaderType: "kopia",
      snapshotHandle: handle,
      operationID: "du-x",
      size: 1,
      Phase: "Completed",
    },
  };
}

function upload(pvc: string, snapshotID: string | undefined, datamover?: string): DataUpload {
  return new DataUploadBuilder("velero", `b-${pvc}`)
    .spec({ sourcePVC: pvc, sourceNamespace: "shop", ...(datamover ? { datamover } : {}) })
    .status(snapshotID === undefined ? { phase: "Failed" } : { phase: "Completed", snapshotID })
    .build();
}

describe("the moved snapshots of a backup", () => {
  it("are read from volume infos of moved volumes of Velero's data mover only", () => {
    const infos: BackupVolumeInfo[] = [
      movedInfo("data", "snap-1"),
      movedInfo("logs", ""),
      movedInfo("elsewhere", "snap-x", "acme-mover"),
      { ...movedInfo("local", "snap-2"), snapshotDataMoved: false },
      { pvcName: "fs", snapshotDataMoved: false, preserveLocalSnapshot: false, skipped: false },
    ];
    assert.deepEqual(movedSnapshotsInVolumeInfos(infos, "default"), [
      { snapshotID: "snap-1", location: "default", volumeNamespace: "shop", volume: "shop/data" },
    ]);
  });

  it("are read from DataUploads that made a snapshot with Velero's data mover", () => {
    const uploads = [
      upload("data", "snap-1"),
      upload("failed", undefined),
      upload("named", "snap-3", "velero"),
      upload("other", "snap-4", "acme-mover"),
    ];
    assert.deepEqual(
      movedSnapshotsOfDataUploads(uploads, "default").map((s) => [s.snapshotID, s.volume]),
      [
        ["snap-1", "shop/data"],
        ["snap-3", "shop/named"],
      ],
    );
  });

  it("are listed once when the volume info and a DataUpload name the same snapshot", () => {
    const fromInfos = movedSnapshotsInVolumeInfos([movedInfo("data", "snap-1")], "default");
    const fromUploads = movedSnapshotsOfDataUploads([upload("data", "snap-1")], "default");
    const other = { ...fromInfos[0], volumeNamespace: "other" } as (typeof fromInfos)[number];
    assert.deepEqual(uniqueSnapshots([...fromInfos, ...fromUploads, other]), [...fromInfos, other]);
  });
});

describe("the pod volume snapshots of a backup", () => {
  it("name each PodVolumeBackup's repository and volume, skipping those without a snapshot", () => {
    const pvb = (name: string, snapshotID?: string, location = "") =>
      new PodVolumeBackupBuilder("velero", name)
        .spec({
          pod: { kind: "Pod", namespace: "shop", name: "app" },
          volume: name,
          backupStorageLocation: location,
        })
        .status(snapshotID === undefined ? { phase: "Completed" } : { snapshotID })
        .build();
    assert.deepEqual(
      podVolumeSnapshots([pvb("data", "s1"), pvb("empty"), pvb("cache", "s2", "other")], "default"),
      [
        { snapshotID: "s1", location: "default", volumeNamespace: "shop", volume: "shop/app/data" },
        { snapshotID: "s2", location: "other", volumeNamespace: "shop", volume: "shop/app/cache" },
      ],
    );
  });
});
