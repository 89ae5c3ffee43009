import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BucketNotFoundError,
  ObjectNotFoundError,
  StorageAuthError,
  StorageConfigError,
  StorageUnavailableError,
} from "../errors.js";
import { resolveSettings } from "../registry.js";
import { parseGcsConfig } from "./gcs-config.js";
import { translateGcsError } from "./gcs-errors.js";

const context = {
  store: 'gcp bucket "b" at https://storage.googleapis.com',
  bucket: "b",
  action: 'get "k"',
  key: "k",
};

function apiError(code: number, message: string, reason?: string): Error {
  return Object.assign(new Error(message), {
    code,
    errors: reason === undefined ? [] : [{ reason, message }],
  });
}

describe("translateGcsError", () => {
  for (const [error, expected] of [
    [apiError(404, "No such object: b/k", "notFound"), ObjectNotFoundError],
    [apiError(404, "The specified bucket does not exist.", "notFound"), BucketNotFoundError],
    [apiError(401, "Invalid Credentials", "authError"), StorageAuthError],
    [
      apiError(403, "caller does not have storage.objects.get access", "forbidden"),
      StorageAuthError,
    ],
    [apiError(429, "rate limited", "rateLimitExceeded"), StorageUnavailableError],
    [apiError(503, "backend error", "backendError"), StorageUnavailableError],
    [apiError(400, "Invalid bucket name", "invalid"), StorageConfigError],
    [
      Object.assign(
        new Error("request to http://127.0.0.1:1/ failed, reason: connect ECONNREFUSED"),
        { code: "ECONNREFUSED" },
      ),
      StorageUnavailableError,
    ],
  ] as const) {
    it(`maps "${error.message}" to ${expected.name}`, () => {
      const translated = translateGcsError(error, context, "https://storage.googleapis.com");
      assert.ok(translated instanceof expected, `got ${translated.constructor.name}`);
    });
  }
});

describe("parseGcsConfig", () => {
  const parse = async (
    config: Record<string, string>,
    credentials?: string,
  ): Promise<ReturnType<typeof parseGcsConfig>> =>
    parseGcsConfig(await resolveSettings({ provider: "gcp", bucket: "b", config, credentials }));

  it("accepts Velero's GCP keys and a service-account key", async () => {
    const config = await parse(
      {
        kmsKeyName: "k",
        serviceAccount: "sa@p.iam",
        storeEndpoint: "http://127.0.0.1:4443",
        universeDomain: "example.com",
      },
      JSON.stringify({ type: "service_account", client_email: "a@b", private_key: "pem" }),
    );
    assert.equal(config.endpoint?.href, "http://127.0.0.1:4443/");
    assert.equal(config.kmsKeyName, "k");
    assert.equal(config.credentials?.client_email, "a@b");
  });

  for (const [credentials, message] of [
    ["not json", /not JSON/],
    ["{}", /has no "type"/],
    [JSON.stringify({ type: "service_account", private_key: "pem" }), /does not contain an email/],
    [
      JSON.stringify({ type: "service_account", client_email: "a@b" }),
      /does not contain a private key/,
    ],
  ] as const) {
    it(`refuses credentials ${credentials.slice(0, 40)} with ${message.source}`, async () => {
      await assert.rejects(
        parse({}, credentials),
        (error: unknown) => error instanceof StorageConfigError && message.test(error.message),
      );
    });
  }
});
