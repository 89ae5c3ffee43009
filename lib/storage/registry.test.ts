import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { StorageConfigError } from "./errors.js";
import { FilesystemObjectStore } from "./filesystem/filesystem-object-store.js";
import { createObjectStore, normaliseProvider, resolveSettings } from "./registry.js";
import { RetryingObjectStore } from "./retrying-object-store.js";

const secret = "sUp3r-s3cr3t-value";

describe("createObjectStore", () => {
  for (const [given, expected] of [
    ["aws", "velero.io/aws"],
    ["velero.io/azure", "velero.io/azure"],
    ["gcp", "velero.io/gcp"],
    ["example.com/other", "example.com/other"],
  ] as const) {
    it(`normalises provider "${given}" to "${expected}"`, () => {
      assert.equal(normaliseProvider(given), expected);
    });
  }

  it("refuses an unknown provider with StorageConfigError naming it and the location", async () => {
    await assert.rejects(
      createObjectStore({ provider: "minio", bucket: "b", name: "default" }),
      (error: unknown) =>
        error instanceof StorageConfigError &&
        /backup storage location "default": unknown object storage provider "minio"/.test(
          error.message,
        ) &&
        error.message.includes("velero.io/aws"),
    );
  });

  it("wraps the provider in the retrying decorator unless retry is false", async () => {
    await using dir = await makeTempDir("kv-registry-");
    const location = { provider: "filesystem", bucket: "b", config: { path: dir.path } };
    assert.ok((await createObjectStore(location)) instanceof RetryingObjectStore);
    assert.ok(
      (await createObjectStore({ ...location, retry: false })) instanceof FilesystemObjectStore,
    );
  });

  it("trims the prefix and reads credentials from config.credentialsFile", async () => {
    await using dir = await makeTempDir("kv-registry-");
    const file = join(dir.path, "cloud");
    await writeFile(file, `[default]\naws_access_key_id=AK\naws_secret_access_key=${secret}\n`);
    const settings = await resolveSettings({
      provider: "aws",
      bucket: "b",
      prefix: "/cluster-a/",
      config: { credentialsFile: file },
    });
    assert.equal(settings.prefix, "cluster-a");
    assert.equal(settings.credentials?.includes(secret), true);
  });

  it("names an unreadable credentials file by path, never by content", async () => {
    await assert.rejects(
      createObjectStore({ provider: "aws", bucket: "b", credentialsFile: "/nonexistent/cloud" }),
      (error: unknown) =>
        error instanceof StorageConfigError &&
        /cannot read credentials file \/nonexistent\/cloud/.test(error.message),
    );
  });

  for (const [provider, config, credentials] of [
    [
      "aws",
      { s3Url: "http://127.0.0.1:1" },
      `[default]\naws_access_key_id=AK\naws_secret_access_key=${secret}`,
    ],
    [
      "azure",
      {
        storageAccount: "acct",
        storageAccountKeyEnvVar: "KEY",
        storageAccountURI: "http://127.0.0.1:1/acct",
      },
      `KEY=${Buffer.from(secret).toString("base64")}`,
    ],
    [
      "gcp",
      { storeEndpoint: "http://127.0.0.1:1" },
      JSON.stringify({ type: "service_account", client_email: "a@b", private_key: secret }),
    ],
  ] as const) {
    it(`keeps ${provider} credentials out of the description and of config errors`, async () => {
      const store = await createObjectStore({
        provider,
        bucket: "bkt",
        config,
        credentials,
        retry: false,
      });
      assert.ok(!store.description.includes(secret));
      assert.match(store.description, /bucket "bkt" at http:\/\/127\.0\.0\.1:1/);
      await assert.rejects(
        createObjectStore({
          provider,
          bucket: "bkt",
          config: { ...config, bogus: "1" },
          credentials,
        }),
        (error: unknown) =>
          error instanceof StorageConfigError &&
          error.message.includes("config has invalid keys [bogus]") &&
          !error.message.includes(secret),
      );
    });
  }
});
