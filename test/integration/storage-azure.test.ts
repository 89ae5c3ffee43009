// The ObjectStore conformance suite against the azure provider on Azurite, which checks the
// account key and SAS expiry.
import { after } from "node:test";
import { createObjectStore } from "../../lib/storage/index.js";
import { describeObjectStoreConformance } from "../../lib/storage/testing/object-store-conformance.js";
import { startAzurite } from "../helpers/azurite.js";

const azurite = await startAzurite();
after(() => azurite.stop());
const wrongKey = Buffer.from(
  "not the account key, but 64 bytes long enough to look like one!",
).toString("base64");
let containers = 0;

describeObjectStoreConformance({
  name: "azure on Azurite",
  createBucket: async () => {
    const container = `conformance-${++containers}`;
    await azurite.createContainer(container);
    return container;
  },
  open: (options) =>
    createObjectStore({
      provider: "azure",
      bucket: options.bucket,
      config: {
        storageAccount: azurite.account,
        storageAccountURI: options.endpoint ?? azurite.endpoint,
        storageAccountKeyEnvVar: "AZURE_STORAGE_ACCOUNT_ACCESS_KEY",
      },
      credentials: [
        `AZURE_STORAGE_ACCOUNT_ACCESS_KEY=${options.wrongCredentials === true ? wrongKey : azurite.accountKey}`,
        "AZURE_CLOUD_NAME=AzurePublicCloud",
      ].join("\n"),
      timeouts: options.timeouts,
      upload: options.upload,
      retry: false,
    }),
  endpoint: azurite.endpoint,
  enforcesSignedUrlExpiry: true,
  checksCredentials: true,
  reportsMissingBuckets: true,
  refusesPutToMissingBucket: true,
  retriesStreamUploadParts: true,
  secrets: [azurite.accountKey, wrongKey],
});
