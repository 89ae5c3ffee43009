import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { makeTempDir } from "../../../test/helpers/temp-dir.js";
import { StorageConfigError } from "../errors.js";
import { resolveSettings } from "../registry.js";
import { parseS3Config } from "./s3-config.js";
import { parseIni, readS3Credentials } from "./s3-credentials.js";

async function parse(config: Record<string, string>): ReturnType<typeof parseS3Config> {
  return parseS3Config(
    await resolveSettings({ provider: "aws", bucket: "b", config, name: "default" }),
  );
}

describe("parseS3Config", () => {
  it("applies Velero's defaults: CRC32 checksums, profile default, us-east-1 for s3Url stores", async () => {
    const config = await parse({ s3Url: "http://127.0.0.1:9000", s3ForcePathStyle: "true" });
    assert.equal(config.region, "us-east-1");
    assert.equal(config.checksumAlgorithm, "CRC32");
    assert.equal(config.profile, "default");
    assert.equal(config.forcePathStyle, true);
    assert.equal(config.endpoint?.href, "http://127.0.0.1:9000/");
  });

  it("leaves the region empty for AWS itself, to be discovered from the bucket", async () => {
    assert.equal((await parse({})).region, "");
    assert.equal((await parse({ region: "eu-west-1" })).region, "eu-west-1");
  });

  it('turns checksums off with checksumAlgorithm ""', async () => {
    assert.equal((await parse({ checksumAlgorithm: "" })).checksumAlgorithm, undefined);
    assert.equal((await parse({ checksumAlgorithm: "SHA256" })).checksumAlgorithm, "SHA256");
  });

  it("reads a 32-byte SSE-C key file into base64 key and MD5", async () => {
    await using dir = await makeTempDir("kv-s3-ssec-");
    const file = join(dir.path, "key");
    await writeFile(file, "0123456789abcdef0123456789abcdef");
    const config = await parse({ customerKeyEncryptionFile: file });
    const key = config.customerKey;
    assert.ok(key !== undefined);
    assert.equal(key.key, Buffer.from("0123456789abcdef0123456789abcdef").toString("base64"));
    assert.equal(key.md5.length, 24);
  });

  for (const [config, message] of [
    [
      { regoin: "x" },
      /backup storage location "default" \(velero\.io\/aws\): config has invalid keys \[regoin\]; valid keys are \[region s3Url/,
    ],
    [{ s3Url: "ftp://host" }, /s3Url "ftp:\/\/host" must start with http:\/\/ or https:\/\//],
    [{ s3ForcePathStyle: "yes" }, /could not parse s3ForcePathStyle "yes" \(expected bool\)/],
    [{ checksumAlgorithm: "MD5" }, /invalid checksum algorithm: MD5/],
    [{ tagging: "a=1&b" }, /invalid tagging/],
    [{ tagging: Array.from({ length: 11 }, (_, i) => `k${i}=v`).join("&") }, /only ten tags/],
    [{ kmsKeyId: "k", customerKeyEncryptionFile: "/f" }, /only use one of/],
    [{ customerKeyEncryptionFile: "/nonexistent/key" }, /cannot read customerKeyEncryptionFile/],
    [{ signatureVersion: "2" }, /signatureVersion "2" must be "1" or "4"/],
  ] as const) {
    it(`refuses ${JSON.stringify(config)} with a StorageConfigError`, async () => {
      await assert.rejects(parse(config), (error: unknown) => {
        assert.ok(error instanceof StorageConfigError);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

describe("readS3Credentials", () => {
  const file = [
    "# velero credentials",
    "[default]",
    "aws_access_key_id = AKIDEFAULT",
    "aws_secret_access_key=secret/with=equals",
    "",
    "[profile backup]",
    "aws_access_key_id=AKIBACKUP",
    "aws_secret_access_key=s2",
    "aws_session_token=tok",
    "[role]",
    "role_arn=arn:aws:iam::1:role/x",
  ].join("\r\n");

  it("reads the default profile, keeping = inside values", () => {
    assert.deepEqual(readS3Credentials(file, "default", "here"), {
      accessKeyId: "AKIDEFAULT",
      secretAccessKey: "secret/with=equals",
    });
  });

  it("reads a named profile with a session token ([profile x] or [x])", () => {
    assert.deepEqual(readS3Credentials(file, "backup", "here"), {
      accessKeyId: "AKIBACKUP",
      secretAccessKey: "s2",
      sessionToken: "tok",
    });
    assert.ok(parseIni(file).has("role"));
  });

  it("names a missing profile, or one without keys, without echoing the file", () => {
    for (const profile of ["nope", "role"]) {
      assert.throws(
        () => readS3Credentials(file, profile, "here"),
        (error: unknown) =>
          error instanceof StorageConfigError &&
          error.message.includes(`profile "${profile}"`) &&
          !error.message.includes("secret/with"),
      );
    }
  });
});
