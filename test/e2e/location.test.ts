// e2e: BackupStorageLocations on a real S3 server (Ceph RGW) validated by the in-process agent:
// Available when all is well, Unavailable with a message naming the cause (and never a secret)
// for bad credentials, a missing bucket or an unreachable endpoint; a ReadOnly location refuses
// backups and deletions and is never written.
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, describe, it } from "node:test";
import {
  BackupStorageLocationBuilder,
  DeleteBackupRequestBuilder,
  type BackupStorageLocation,
} from "../../lib/api/index.js";
import { createAgentHarness } from "../../agent/backup/testing/agent-harness.js";
import { backupController } from "../../agent/controllers/backup-controller.js";
import { backupStorageLocationController } from "../../agent/controllers/backup-storage-location-controller.js";
import { deleteBackupRequestController } from "../../agent/controllers/delete-backup-request-controller.js";
import { freePort } from "../helpers/free-port.js";
import { startTestCluster } from "../helpers/local-cluster.js";
import { startRgw } from "../helpers/rgw.js";

const wrongSecret = "wrong-secret-DO-NOT-SHOW-0123456789";
const rgw = await startRgw();
after(() => rgw.stop());
await rgw.createBucket("velero-e2e");
const cluster = await startTestCluster({ name: "locations" });
const harness = await createAgentHarness({ kubeconfigPath: cluster.kubeconfigPath });
after(() => rm(harness.storageRoot, { recursive: true, force: true }));
const { ctx } = harness;
const bsls = ctx.velero.backupStorageLocations;

function credentialsFile(secret: string): string {
  return `[default]\naws_access_key_id=${rgw.accessKey}\naws_secret_access_key=${secret}\n`;
}

for (const [name, secret] of [
  ["good-creds", rgw.secretKey],
  ["bad-creds", wrongSecret],
] as const) {
  await ctx.rest.request({
    method: "POST",
    path: "/api/v1/namespaces/velero/secrets",
    body: {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name, namespace: "velero" },
      data: { cloud: Buffer.from(credentialsFile(secret)).toString("base64") },
    },
  });
}

async function s3Location(
  name: string,
  options: {
    bucket?: string;
    secret?: string;
    endpoint?: string;
    readOnly?: boolean;
    prefix?: string;
  } = {},
): Promise<void> {
  const builder = new BackupStorageLocationBuilder("velero", name)
    .provider("aws")
    .bucket(options.bucket ?? "velero-e2e", options.prefix ?? name)
    .spec({
      config: {
        region: rgw.region,
        s3ForcePathStyle: "true",
        s3Url: options.endpoint ?? rgw.endpoint,
      },
      credential: { name: options.secret ?? "good-creds", key: "cloud" },
      ...(options.readOnly === true ? { accessMode: "ReadOnly" as const } : {}),
    });
  await bsls.create(builder.build());
}

async function validated(name: string, timeoutMs = 90_000): Promise<BackupStorageLocation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const location = await bsls.get(name);
    if (location.status?.lastValidationTime !== undefined) return location;
    assert.ok(Date.now() < deadline, `location ${name} was never validated`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function keysUnder(prefix: string): Promise<string[]> {
  const { objectStore } = await ctx.locations.open("good");
  const keys: string[] = [];
  for await (const object of objectStore.list(prefix)) keys.push(object.key);
  return keys;
}

describe("backup storage locations on S3", () => {
  after(() => harness.stop());

  it("validates locations as they are created", async () => {
    await harness.start([
      backupStorageLocationController,
      backupController,
      deleteBackupRequestController,
    ]);
    await s3Location("good");
    await s3Location("bad-credentials", { secret: "bad-creds" });
    await s3Location("no-bucket", { bucket: "does-not-exist" });
    await s3Location("unreachable", { endpoint: `http://127.0.0.1:${String(await freePort())}` });
    await s3Location("read-only", { readOnly: true });
    assert.equal((await validated("good")).status?.phase, "Available");
  });

  it("turns a location with bad credentials Unavailable, naming the cause and no secret", async () => {
    const location = await validated("bad-credentials");
    assert.equal(location.status?.phase, "Unavailable");
    const message = location.status.message ?? "";
    assert.match(message, /^BackupStorageLocation "bad-credentials" is unavailable: /);
    assert.match(message, /credential|signature|access denied|auth/i);
    assert.ok(!message.includes(wrongSecret), message);
    assert.ok(!message.includes(rgw.secretKey), message);
  });

  it("turns a location whose bucket does not exist Unavailable and says so", async () => {
    const location = await validated("no-bucket");
    assert.equal(location.status?.phase, "Unavailable");
    assert.match(
      location.status.message ?? "",
      /does-not-exist.*(does not exist|not found)|(does not exist|not found).*does-not-exist/i,
    );
  });

  it("turns a location whose endpoint does not answer Unavailable and says so", async () => {
    const location = await validated("unreachable", 180_000);
    assert.equal(location.status?.phase, "Unavailable");
    assert.match(
      location.status.message ?? "",
      /unreachable|connect|ECONNREFUSED|unavailable: .*127\.0\.0\.1/i,
    );
  });

  it("refuses a backup and a deletion on a ReadOnly location and never writes to it", async () => {
    assert.equal((await validated("read-only")).status?.phase, "Available");
    await harness.createBackup("to-read-only", {
      includedNamespaces: ["default"],
      storageLocation: "read-only",
    });
    const backup = await harness.waitForBackup("to-read-only", undefined, 60_000);
    assert.equal(backup.status?.phase, "FailedValidation");
    assert.match(
      (backup.status.validationErrors ?? []).join("\n"),
      /backup storage location read-only is currently in read-only mode/,
    );
    await ctx.velero.deleteBackupRequests.create(
      new DeleteBackupRequestBuilder("velero", "delete-to-read-only", "to-read-only").build(),
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const request = await ctx.velero.deleteBackupRequests.get("delete-to-read-only");
      if (request.status?.phase === "Processed") {
        assert.match(request.status.errors?.join("\n") ?? "", /read-only mode/);
        break;
      }
      assert.ok(Date.now() < deadline, "the deletion request was never processed");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(await keysUnder("read-only/"), []);
  });
});
