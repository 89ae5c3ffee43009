// A backup streamed through ArchiveWriter into ObjectBackupStore on a real S3 server (Ceph
// RGW, through the aws provider, multipart), then read back: by the store, and by a plain
// HTTP GET of the signed download URL, as `velero backup download` does.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { ArchiveWriter, marshalSorted, readArchive } from "../../lib/archive/index.js";
import { ObjectBackupStore } from "../../lib/backup-store/index.js";
import { createObjectStore, listAll, type ObjectStore } from "../../lib/storage/index.js";
import { startRgw, type RgwServer } from "../helpers/rgw.js";

const itemCount = 20_000;
const payloads = Array.from({ length: 64 }, () => randomBytes(384).toString("base64"));

function makeSecret(index: number): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: `s-${index}`, namespace: `ns-${index % 9}` },
    data: { value: payloads[index % payloads.length], index: String(index) },
  };
}

describe("a streamed backup on Ceph RGW", () => {
  let rgw: RgwServer;
  let objects: ObjectStore;
  let backups: ObjectBackupStore;

  before(async () => {
    rgw = await startRgw();
    await rgw.createBucket("velero");
    objects = await createObjectStore({
      provider: "aws",
      bucket: "velero",
      config: { region: rgw.region, s3Url: rgw.endpoint, s3ForcePathStyle: "true" },
      credentials: `[default]\naws_access_key_id = ${rgw.accessKey}\naws_secret_access_key = ${rgw.secretKey}\n`,
      retry: false,
    });
    backups = new ObjectBackupStore({ store: objects, prefix: "cluster-a" });
  });
  after(async () => {
    await rgw.stop();
  });

  it("uploads the tarball while it is written, then the side files, then velero-backup.json", async (t) => {
    const upload = backups.startBackup("nightly");
    const writer = new ArchiveWriter();
    const uploading = upload.uploadContents(writer.stream);
    const started = performance.now();
    for (let i = 0; i < itemCount; i++) {
      await writer.add(makeSecret(i), { groupResource: "secrets", version: "v1" });
    }
    await writer.finish();
    await uploading;
    assert.equal(await backups.backupExists("nightly"), false);
    await upload.complete({
      metadataJson: '{\n  "kind": "Backup"\n}',
      log: "backup log\n",
      resourceList: {
        "v1/Secret": Array.from({ length: itemCount }, (_, i) => `ns-${i % 9}/s-${i}`),
      },
    });
    const [tarball] = await listAll(objects, "cluster-a/backups/nightly/nightly.tar.gz");
    t.diagnostic(
      `${itemCount} items, ${tarball?.size ?? 0} bytes uploaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    assert.ok((tarball?.size ?? 0) > 8 * 1024 * 1024, "over one 8 MiB part: a multipart upload");
    await backups.isValid();
    assert.deepEqual(await backups.listBackups(), ["nightly"]);
    assert.equal(await backups.backupExists("nightly"), true);
    assert.equal((await backups.getBackupResourceList("nightly"))["v1/Secret"]?.length, itemCount);
  });

  it("serves the tarball through a signed URL that a plain GET can read", async () => {
    const url = await backups.getDownloadUrl("BackupContents", "nightly");
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.ok(response.body !== null);
    let items = 0;
    for await (const entry of readArchive(Readable.fromWeb(response.body))) {
      if (entry.kind !== "item" || entry.item.version !== undefined) continue;
      const index = Number(entry.item.name.slice(2));
      assert.equal(entry.body.toString(), marshalSorted(makeSecret(index)));
      items++;
    }
    assert.equal(items, itemCount);
  });

  it("deletes every object of the backup", async () => {
    await backups.deleteBackup("nightly");
    assert.deepEqual(await listAll(objects, "cluster-a/"), []);
    assert.deepEqual(await backups.listBackups(), []);
  });
});
