import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DOWNLOAD_TARGET_KINDS } from "../api/index.js";
import { InvalidInputError } from "../errors.js";
import { BackupStoreLayout, isDownloadTargetKind, type DownloadTargetKind } from "./layout.js";

const backupKeys: [string, (l: BackupStoreLayout) => string, string][] = [
  ["metadata", (l) => l.backupMetadataKey("b1"), "backups/b1/velero-backup.json"],
  ["contents", (l) => l.backupContentsKey("b1"), "backups/b1/b1.tar.gz"],
  ["log", (l) => l.backupLogKey("b1"), "backups/b1/b1-logs.gz"],
  [
    "pod volume backups",
    (l) => l.podVolumeBackupsKey("b1"),
    "backups/b1/b1-podvolumebackups.json.gz",
  ],
  [
    "volume snapshots",
    (l) => l.backupVolumeSnapshotsKey("b1"),
    "backups/b1/b1-volumesnapshots.json.gz",
  ],
  [
    "item operations",
    (l) => l.backupItemOperationsKey("b1"),
    "backups/b1/b1-itemoperations.json.gz",
  ],
  ["resource list", (l) => l.backupResourceListKey("b1"), "backups/b1/b1-resource-list.json.gz"],
  ["results", (l) => l.backupResultsKey("b1"), "backups/b1/b1-results.gz"],
  ["volume info", (l) => l.backupVolumeInfoKey("b1"), "backups/b1/b1-volumeinfo.json.gz"],
  [
    "CSI snapshots",
    (l) => l.csiVolumeSnapshotsKey("b1"),
    "backups/b1/b1-csi-volumesnapshots.json.gz",
  ],
  [
    "CSI snapshot contents",
    (l) => l.csiVolumeSnapshotContentsKey("b1"),
    "backups/b1/b1-csi-volumesnapshotcontents.json.gz",
  ],
  [
    "CSI snapshot classes",
    (l) => l.csiVolumeSnapshotClassesKey("b1"),
    "backups/b1/b1-csi-volumesnapshotclasses.json.gz",
  ],
  ["restore log", (l) => l.restoreLogKey("r1"), "restores/r1/restore-r1-logs.gz"],
  ["restore results", (l) => l.restoreResultsKey("r1"), "restores/r1/restore-r1-results.gz"],
  [
    "restore resource list",
    (l) => l.restoreResourceListKey("r1"),
    "restores/r1/restore-r1-resource-list.json.gz",
  ],
  [
    "restore item operations",
    (l) => l.restoreItemOperationsKey("r1"),
    "restores/r1/restore-r1-itemoperations.json.gz",
  ],
  ["restore volume info", (l) => l.restoreVolumeInfoKey("r1"), "restores/r1/r1-volumeinfo.json.gz"],
  ["backup dir", (l) => l.backupDir("b1"), "backups/b1/"],
  ["restore dir", (l) => l.restoreDir("r1"), "restores/r1/"],
  ["kopia repository", (l) => l.repositoryPrefix("kopia", "app"), "kopia/app/"],
  ["restic repository", (l) => l.repositoryPrefix("restic", "app"), "restic/app/"],
];

const prefixes: [string, string][] = [
  ["", ""],
  ["/", ""],
  ["team", "team/"],
  ["/team/a/", "team/a/"],
  ["team//", "team/"],
];

describe("BackupStoreLayout", () => {
  for (const [prefix, root] of prefixes) {
    describe(`with prefix ${JSON.stringify(prefix)}`, () => {
      const layout = new BackupStoreLayout(prefix);
      it(`roots every key at ${JSON.stringify(root)}`, () => {
        assert.equal(layout.rootPrefix, root);
      });
      for (const [what, key, expected] of backupKeys) {
        it(`builds the ${what} key`, () => {
          assert.equal(key(layout), root + expected);
        });
      }
      it("names the backup of a listed common prefix", () => {
        assert.equal(layout.backupNameOf(`${root}backups/b1/`), "b1");
        assert.equal(layout.backupNameOf(`${root}restores/b1/`), undefined);
        assert.equal(layout.backupNameOf(`${root}backups/`), undefined);
      });
    });
  }

  it("accepts exactly Velero's top-level directories", () => {
    const layout = new BackupStoreLayout();
    for (const dir of ["backups", "restores", "kopia", "restic", "metadata", "plugins"]) {
      assert.equal(layout.isValidTopLevelDir(dir), true, dir);
    }
    for (const dir of ["backup", "Backups", "other", ""]) {
      assert.equal(layout.isValidTopLevelDir(dir), false, dir);
    }
  });

  const downloads: [DownloadTargetKind, string][] = [
    ["BackupContents", "p/backups/x/x.tar.gz"],
    ["BackupLog", "p/backups/x/x-logs.gz"],
    ["BackupVolumeSnapshots", "p/backups/x/x-volumesnapshots.json.gz"],
    ["BackupItemOperations", "p/backups/x/x-itemoperations.json.gz"],
    ["BackupResourceList", "p/backups/x/x-resource-list.json.gz"],
    ["BackupResults", "p/backups/x/x-results.gz"],
    ["BackupVolumeInfos", "p/backups/x/x-volumeinfo.json.gz"],
    ["CSIBackupVolumeSnapshots", "p/backups/x/x-csi-volumesnapshots.json.gz"],
    ["CSIBackupVolumeSnapshotContents", "p/backups/x/x-csi-volumesnapshotcontents.json.gz"],
    ["RestoreLog", "p/restores/x/restore-x-logs.gz"],
    ["RestoreResults", "p/restores/x/restore-x-results.gz"],
    ["RestoreResourceList", "p/restores/x/restore-x-resource-list.json.gz"],
    ["RestoreItemOperations", "p/restores/x/restore-x-itemoperations.json.gz"],
    ["RestoreVolumeInfo", "p/restores/x/x-volumeinfo.json.gz"],
  ];
  it("maps every download target kind, and only those", () => {
    assert.deepEqual(downloads.map(([k]) => k).sort(), [...DOWNLOAD_TARGET_KINDS].sort());
    assert.equal(isDownloadTargetKind("BackupContents"), true);
    assert.equal(isDownloadTargetKind("Backup"), false);
  });
  for (const [kind, key] of downloads) {
    it(`points a ${kind} download at ${key}`, () => {
      assert.equal(new BackupStoreLayout("p").downloadKey(kind, "x"), key);
    });
  }

  for (const name of ["", ".", "..", "a/b", "/a"]) {
    it(`refuses the name ${JSON.stringify(name)} for backups, restores and repositories`, () => {
      const layout = new BackupStoreLayout("p");
      assert.throws(() => layout.backupMetadataKey(name), InvalidInputError);
      assert.throws(() => layout.restoreLogKey(name), InvalidInputError);
      assert.throws(() => layout.repositoryPrefix("kopia", name), InvalidInputError);
      assert.throws(() => layout.downloadKey("BackupContents", name), InvalidInputError);
    });
  }
});
