// The ObjectStore conformance suite against the filesystem provider on a temp directory.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after } from "node:test";
import { createObjectStore } from "../../lib/storage/index.js";
import { describeObjectStoreConformance } from "../../lib/storage/testing/object-store-conformance.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const root = await makeTempDir("kv-storage-fs-");
after(() => root.remove());
let buckets = 0;

describeObjectStoreConformance({
  name: "filesystem on a temp dir",
  createBucket: async () => {
    const bucket = `bucket-${++buckets}`;
    await mkdir(join(root.path, bucket));
    return bucket;
  },
  open: ({ bucket }) =>
    createObjectStore({
      provider: "filesystem",
      bucket,
      config: { path: root.path },
      retry: false,
    }),
  enforcesSignedUrlExpiry: false,
  checksCredentials: false,
  reportsMissingBuckets: true,
  refusesPutToMissingBucket: true,
  retriesStreamUploadParts: false,
  secrets: [],
});
