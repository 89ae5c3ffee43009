import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { ArchiveWriter, readArchive } from "../archive/index.js";
import { createLogger, type LogFields } from "../log.js";
import {
  MemoryObjectStore,
  StorageUnavailableError,
  readObject,
  type ByteRange,
  type ObjectBody,
  type ObjectInfo,
  type ObjectStore,
} from "../storage/index.js";
import {
  BackupNotFoundError,
  BackupUploadError,
  DeleteObjectsError,
  InvalidBackupStoreError,
} from "./errors.js";
import { ObjectBackupStore } from "./object-backup-store.js";
import type { VolumeSnapshotRecord } from "./side-file-types.js";

/** A MemoryObjectStore that records writes and fails the ones a test asks it to. */
class RecordingStore implements ObjectStore {
  readonly description = "recording store";
  readonly inner = new MemoryObjectStore();
  readonly operations: string[] = [];
  failPut: (key: string) => boolean = () => false;
  failDelete: (key: string) => boolean = () => false;

  async put(key: string, body: ObjectBody): Promise<void> {
    this.operations.push(`put ${key}`);
    if (this.failPut(key)) throw new StorageUnavailableError(`injected failure for ${key}`);
    await this.inner.put(key, body);
  }
  get(key: string, range?: ByteRange): Promise<Readable> {
    return this.inner.get(key, range);
  }
  exists(key: string): Promise<boolean> {
    return this.inner.exists(key);
  }
  list(prefix: string): AsyncIterable<ObjectInfo> {
    return this.inner.list(prefix);
  }
  listCommonPrefixes(prefix: string, delimiter: string): Promise<string[]> {
    return this.inner.listCommonPrefixes(prefix, delimiter);
  }
  async delete(key: string): Promise<void> {
    this.operations.push(`delete ${key}`);
    if (this.failDelete(key)) throw new StorageUnavailableError(`cannot delete ${key}`);
    await this.inner.delete(key);
  }
  signedUrl(key: string, ttlSeconds: number): Promise<string> {
    return this.inner.signedUrl(key, ttlSeconds);
  }
  keys(): string[] {
    return this.inner.keys();
  }
}

const metadataJson = '{\n  "kind": "Backup",\n  "apiVersion": "velero.io/v1"\n}';
const snapshot: VolumeSnapshotRecord = {
  spec: {
    backupName: "b1",
    backupUID: "u",
    location: "default",
    persistentVolumeName: "pv",
    providerVolumeID: "vol",
    volumeType: "gp3",
  },
  status: { phase: "Completed" },
};

function setup(prefix = "team"): {
  store: RecordingStore;
  backups: ObjectBackupStore;
  logs: LogFields[];
} {
  const store = new RecordingStore();
  const logs: LogFields[] = [];
  const logger = createLogger({ sink: (line) => logs.push(JSON.parse(line) as LogFields) });
  return { store, backups: new ObjectBackupStore({ store, prefix, logger }), logs };
}

async function text(stream: Readable | undefined): Promise<string> {
  assert.ok(stream !== undefined);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

async function gunzipped(store: ObjectStore, key: string): Promise<string> {
  return gunzipSync(await readObject(store, key)).toString();
}

describe("ObjectBackupStore.isValid", () => {
  it("accepts Velero's top-level directories and ignores loose files at the root", async () => {
    const { store, backups } = setup("");
    for (const key of [
      "backups/b/x",
      "restores/r/x",
      "kopia/ns/x",
      "restic/ns/x",
      "metadata/revision",
      "plugins/p",
      "README",
    ]) {
      await store.put(key, "x");
    }
    await backups.isValid();
  });

  it("names up to three unknown directories in Velero's words", async () => {
    const { store, backups } = setup("team");
    for (const key of ["team/backups/b/x", "team/zeta/x", "team/alpha/x", "other/x"])
      await store.put(key, "x");
    await assert.rejects(backups.isValid(), (error: unknown) => {
      assert.ok(error instanceof InvalidBackupStoreError);
      assert.equal(
        error.message,
        "Backup store contains invalid top-level directories: [alpha zeta]",
      );
      return true;
    });
  });

  it("counts and cuts the list after three unknown directories", async () => {
    const { store, backups } = setup("");
    for (const dir of ["a", "b", "c", "d", "e"]) await store.put(`${dir}/x`, "x");
    await assert.rejects(backups.isValid(), {
      message: "Backup store contains 5 invalid top-level directories: [a b c ...]",
    });
  });
});

describe("ObjectBackupStore backups", () => {
  it("uploads a whole backup: tarball first, velero-backup.json last, every file in Velero's encoding", async () => {
    const { store, backups } = setup();
    await backups.putBackup({
      name: "b1",
      metadataJson,
      contents: Buffer.from("tarball"),
      log: "line one\n",
      volumeSnapshots: [snapshot],
      resourceList: { "v1/Pod": ["ns/b", "ns/a"] },
    });
    const puts = store.operations.filter((o) => o.startsWith("put "));
    assert.equal(puts[0], "put team/backups/b1/b1.tar.gz");
    assert.equal(puts[1], "put team/backups/b1/b1-logs.gz");
    assert.equal(puts.at(-1), "put team/backups/b1/velero-backup.json");
    assert.deepEqual(store.keys(), [
      "team/backups/b1/b1-itemoperations.json.gz",
      "team/backups/b1/b1-logs.gz",
      "team/backups/b1/b1-podvolumebackups.json.gz",
      "team/backups/b1/b1-resource-list.json.gz",
      "team/backups/b1/b1-results.gz",
      "team/backups/b1/b1-volumeinfo.json.gz",
      "team/backups/b1/b1-volumesnapshots.json.gz",
      "team/backups/b1/b1.tar.gz",
      "team/backups/b1/velero-backup.json",
    ]);
    assert.equal(
      await gunzipped(store, "team/backups/b1/b1-resource-list.json.gz"),
      '{"v1/Pod":["ns/a","ns/b"]}\n',
    );
    assert.equal(
      await gunzipped(store, "team/backups/b1/b1-results.gz"),
      '{"errors":{},"warnings":{}}\n',
    );
    assert.equal(await gunzipped(store, "team/backups/b1/b1-podvolumebackups.json.gz"), "null\n");
    assert.equal(await gunzipped(store, "team/backups/b1/b1-itemoperations.json.gz"), "[]\n");
    assert.equal(await gunzipped(store, "team/backups/b1/b1-volumeinfo.json.gz"), "[]\n");
    assert.equal(await gunzipped(store, "team/backups/b1/b1-logs.gz"), "line one\n");
    assert.equal(await backups.getBackupMetadata("b1"), metadataJson);
    assert.deepEqual(await backups.getBackupVolumeSnapshots("b1"), [snapshot]);
    assert.equal(await text(await backups.getBackupContents("b1")), "tarball");
    assert.equal(await text(await backups.getBackupLog("b1")), "line one\n");
    assert.deepEqual(await backups.listBackups(), ["b1"]);
    assert.equal(await backups.backupExists("b1"), true);
  });

  it("streams an archive up while it is written, and lists the backup only once complete", async () => {
    const { backups } = setup();
    const upload = backups.startBackup("streamed");
    const writer = new ArchiveWriter();
    const uploading = upload.uploadContents(writer.stream);
    for (let i = 0; i < 500; i++) {
      await writer.add(
        { metadata: { name: `cm-${i}`, namespace: "ns" } },
        { groupResource: "configmaps", version: "v1" },
      );
    }
    await writer.finish();
    await uploading;
    assert.deepEqual(await backups.listBackups(), ["streamed"]);
    assert.equal(await backups.backupExists("streamed"), false);
    await upload.complete({ metadataJson, log: Readable.from(["streamed ", "log\n"]) });
    assert.equal(await backups.backupExists("streamed"), true);
    assert.equal(await text(await backups.getBackupLog("streamed")), "streamed log\n");
    let items = 0;
    for await (const entry of readArchive(await backups.getBackupContents("streamed"))) {
      if (entry.kind === "item") items++;
    }
    assert.equal(items, 1000);
  });

  it("stops the archive writer when the tarball upload fails, and leaves nothing behind", async () => {
    const { store, backups } = setup();
    store.failPut = (key) => key.endsWith(".tar.gz");
    const upload = backups.startBackup("b2");
    const writer = new ArchiveWriter({ gzipLevel: 0 });
    const uploading = upload.uploadContents(writer.stream);
    await assert.rejects(uploading, BackupUploadError);
    const blob = "z".repeat(256 * 1024);
    const adding = (async () => {
      for (let i = 0; i < 100; i++) {
        await writer.add(
          { metadata: { name: `c${i}` }, blob },
          { groupResource: "configmaps", version: "v1" },
        );
      }
    })();
    await assert.rejects(adding, /injected failure/);
    assert.deepEqual(store.keys(), []);
  });

  it("lets the caller await a failed tarball upload late without an unhandled rejection", async () => {
    const { store, backups } = setup();
    store.failPut = (key) => key.endsWith(".tar.gz");
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on("unhandledRejection", onUnhandled);
    try {
      const uploading = backups.startBackup("late").uploadContents(Readable.from(["x"]));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await assert.rejects(uploading, BackupUploadError);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("deletes the tarball and side files, but keeps the log, when a side file fails", async () => {
    const { store, backups } = setup();
    store.failPut = (key) => key.endsWith("-results.gz");
    const failure = backups.putBackup({ name: "b3", metadataJson, contents: "t", log: "log\n" });
    await assert.rejects(failure, (error: unknown) => {
      assert.ok(error instanceof BackupUploadError);
      assert.ok(error.cause instanceof StorageUnavailableError);
      assert.equal(error.retryable, true);
      return true;
    });
    assert.deepEqual(store.keys(), ["team/backups/b3/b3-logs.gz"]);
    assert.ok(!store.operations.includes("put team/backups/b3/velero-backup.json"));
    assert.equal(await backups.backupExists("b3"), false);
  });

  it("deletes the tarball and side files when velero-backup.json cannot be written", async () => {
    const { store, backups } = setup();
    store.failPut = (key) => key.endsWith("velero-backup.json");
    await assert.rejects(
      backups.putBackup({ name: "b4", metadataJson, contents: "t" }),
      BackupUploadError,
    );
    assert.deepEqual(store.keys(), []);
  });

  it("completes the backup when only the log upload fails, and logs the failure", async () => {
    const { store, backups, logs } = setup();
    store.failPut = (key) => key.endsWith("-logs.gz");
    await backups.putBackup({ name: "b5", metadataJson, contents: "t", log: "log" });
    assert.equal(await backups.backupExists("b5"), true);
    assert.equal(logs[0]?.["msg"], "Error uploading log file");
    assert.equal(logs[0]["backup"], "b5");
  });

  it("aborts a started upload by deleting everything it wrote, the log included", async () => {
    const { store, backups } = setup();
    const upload = backups.startBackup("b6");
    await upload.uploadContents("t");
    store.failPut = (key) => key.endsWith("velero-backup.json");
    await assert.rejects(upload.complete({ metadataJson, log: "log" }), BackupUploadError);
    await upload.abort();
    assert.deepEqual(store.keys(), []);
  });

  it("refuses to complete a backup whose tarball was never uploaded", async () => {
    const { store, backups } = setup();
    store.failPut = (key) => key.endsWith(".tar.gz");
    const upload = backups.startBackup("b7");
    await assert.rejects(upload.uploadContents("t"), BackupUploadError);
    await assert.rejects(upload.complete({ metadataJson }), /needs the uploaded contents/);
    assert.deepEqual(store.keys(), []);
  });

  it("reads a backup without side files (an older Velero's) as empty", async () => {
    const { store, backups } = setup();
    await store.put("team/backups/old/velero-backup.json", metadataJson);
    assert.deepEqual(await backups.getBackupVolumeSnapshots("old"), []);
    assert.deepEqual(await backups.getBackupItemOperations("old"), []);
    assert.deepEqual(await backups.getPodVolumeBackups("old"), []);
    assert.deepEqual(await backups.getBackupVolumeInfos("old"), []);
    assert.deepEqual(await backups.getBackupResourceList("old"), {});
    assert.deepEqual(await backups.getBackupResults("old"), { errors: {}, warnings: {} });
    assert.deepEqual(await backups.getCSIVolumeSnapshotClasses("old"), []);
    assert.equal(await backups.getBackupLog("old"), undefined);
  });

  it("reports a missing backup and missing contents with BackupNotFoundError", async () => {
    const { backups } = setup();
    await assert.rejects(backups.getBackupMetadata("nope"), BackupNotFoundError);
    await assert.rejects(backups.getBackupContents("nope"), /has no contents/);
  });

  it("deletes every object of one backup and nothing of another with a longer name", async () => {
    const { store, backups } = setup();
    await backups.putBackup({ name: "b", metadataJson, contents: "t" });
    await backups.putBackup({ name: "b-2", metadataJson, contents: "t" });
    await backups.deleteBackup("b");
    assert.ok(store.keys().every((k) => k.startsWith("team/backups/b-2/")));
    assert.equal(store.keys().length, 8);
  });

  it("keeps deleting past a failure and names the keys it could not delete", async () => {
    const { store, backups } = setup();
    await backups.putBackup({ name: "b", metadataJson, contents: "t" });
    store.failDelete = (key) => key.endsWith(".tar.gz") || key.endsWith("-results.gz");
    await assert.rejects(backups.deleteBackup("b"), (error: unknown) => {
      assert.ok(error instanceof DeleteObjectsError);
      assert.deepEqual(error.failedKeys, [
        "team/backups/b/b-results.gz",
        "team/backups/b/b.tar.gz",
      ]);
      return true;
    });
    assert.deepEqual(store.keys(), ["team/backups/b/b-results.gz", "team/backups/b/b.tar.gz"]);
  });

  it("replaces metadata, contents, item operations and volume infos one by one", async () => {
    const { store, backups } = setup();
    await backups.putBackupMetadata("b", "{}");
    await backups.putBackupContents("b", "new tarball");
    await backups.putBackupItemOperations("b", []);
    await backups.putBackupVolumeInfos("b", []);
    assert.equal(await backups.getBackupMetadata("b"), "{}");
    assert.equal(await gunzipped(store, "team/backups/b/b-itemoperations.json.gz"), "[]\n");
    assert.equal(await gunzipped(store, "team/backups/b/b-volumeinfo.json.gz"), "[]\n");
  });
});

describe("ObjectBackupStore restores and downloads", () => {
  it("writes and reads back every restore file under Velero's names", async () => {
    const { store, backups } = setup("");
    await backups.putRestoreLog("r1", "restored\n");
    await backups.putRestoreResults("r1", { errors: {}, warnings: { cluster: ["w"] } });
    await backups.putRestoredResourceList("r1", { "v1/Pod": ["ns/p(created)"] });
    await backups.putRestoreItemOperations("r1", []);
    await backups.putRestoreVolumeInfo("r1", []);
    assert.deepEqual(store.keys(), [
      "restores/r1/r1-volumeinfo.json.gz",
      "restores/r1/restore-r1-itemoperations.json.gz",
      "restores/r1/restore-r1-logs.gz",
      "restores/r1/restore-r1-resource-list.json.gz",
      "restores/r1/restore-r1-results.gz",
    ]);
    assert.equal(await text(await backups.getRestoreLog("r1")), "restored\n");
    assert.deepEqual(await backups.getRestoreResults("r1"), {
      errors: {},
      warnings: { cluster: ["w"] },
    });
    assert.deepEqual(await backups.getRestoredResourceList("r1"), { "v1/Pod": ["ns/p(created)"] });
    assert.deepEqual(await backups.getRestoreItemOperations("r1"), []);
    assert.deepEqual(await backups.getRestoreVolumeInfo("r1"), []);
    await backups.deleteRestore("r1");
    assert.deepEqual(store.keys(), []);
  });

  it("signs the object of each download kind for ten minutes by default", async () => {
    const { backups } = setup();
    await backups.putBackup({ name: "b", metadataJson, contents: "t" });
    assert.equal(
      await backups.getDownloadUrl("BackupContents", "b"),
      `memory:///${encodeURIComponent("team/backups/b/b.tar.gz")}?ttl=600`,
    );
    assert.equal(
      await backups.getDownloadUrl("BackupResults", "b", 60),
      `memory:///${encodeURIComponent("team/backups/b/b-results.gz")}?ttl=60`,
    );
  });
});
