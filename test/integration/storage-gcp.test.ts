// The ObjectStore conformance suite against the gcp provider on Firebase's Cloud Storage
// emulator. The emulator checks no credentials or URL signatures and creates buckets on first
// use, and takes at most 130 MB per request, so those checks are skipped and the streamed
// upload is 120 MB here; what it can check, it checks against the real GCS JSON API client.
import { generateKeyPairSync } from "node:crypto";
import { after } from "node:test";
import { createObjectStore } from "../../lib/storage/index.js";
import { describeObjectStoreConformance } from "../../lib/storage/testing/object-store-conformance.js";
import { startGcsEmulator } from "../helpers/gcs-emulator.js";

const emulator = await startGcsEmulator();
after(() => emulator.stop());
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const serviceAccountKey = JSON.stringify({
  type: "service_account",
  project_id: "demo-velero",
  private_key_id: "0123456789abcdef",
  private_key: privateKey,
  client_email: "velero@demo-velero.iam.gserviceaccount.com",
  client_id: "1234567890",
});
let buckets = 0;

describeObjectStoreConformance({
  name: "gcp on the Firebase storage emulator",
  createBucket: () => Promise.resolve(`conformance-${++buckets}`),
  open: (options) =>
    createObjectStore({
      provider: "gcp",
      bucket: options.bucket,
      config: { storeEndpoint: options.endpoint ?? emulator.endpoint },
      credentials: serviceAccountKey,
      timeouts: options.timeouts,
      upload: options.upload,
      retry: false,
    }),
  endpoint: emulator.endpoint,
  enforcesSignedUrlExpiry: false,
  checksCredentials: false,
  reportsMissingBuckets: false,
  refusesPutToMissingBucket: false,
  retriesStreamUploadParts: false,
  pagesCommonPrefixes: false,
  secrets: [privateKey],
  largeObjectBytes: 120_000_000,
});
