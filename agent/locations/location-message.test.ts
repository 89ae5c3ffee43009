import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sanitizeLocationMessage } from "./location-message.js";

describe("sanitizeLocationMessage", () => {
  const cases: [string, string][] = [
    [
      "GET https://a.blob.core.windows.net/c?sv=2023-01-03&se=2026-01-01&sig=abc%2Bdef&sp=rl failed",
      "GET https://a.blob.core.windows.net/c?sv=***REDACTED***&se=***REDACTED***&sig=***REDACTED***&sp=***REDACTED*** failed",
    ],
    [
      "url http://s3/b/k?X-Amz-Credential=AKIA%2F20260101&X-Amz-Signature=deadbeef",
      "url http://s3/b/k?X-Amz-Credential=***REDACTED***&X-Amz-Signature=***REDACTED***",
    ],
    [
      "bad file: aws_secret_access_key = wJalrXUtnFEMI, region=us-east-1",
      "bad file: aws_secret_access_key = ***REDACTED***, region=us-east-1",
    ],
    ["AccountKey=abc123==;EndpointSuffix=x", "AccountKey=***REDACTED***;EndpointSuffix=x"],
    ['key: -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"', 'key: ***REDACTED***"'],
    ['secret "velero/cloud-credentials" not found', 'secret "velero/cloud-credentials" not found'],
    ['bucket "b" does not exist', 'bucket "b" does not exist'],
  ];
  for (const [input, output] of cases) {
    it(`turns ${JSON.stringify(input.slice(0, 40))}… into a message without secrets`, () => {
      assert.equal(sanitizeLocationMessage(input), output);
    });
  }
});
