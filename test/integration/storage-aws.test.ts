// The ObjectStore conformance suite against the aws provider on a real S3 server: Ceph RGW,
// which checks SigV4 signatures and presigned-URL expiry.
import { after } from "node:test";
import { createObjectStore } from "../../lib/storage/index.js";
import { describeObjectStoreConformance } from "../../lib/storage/testing/object-store-conformance.js";
import { startRgw } from "../helpers/rgw.js";

const rgw = await startRgw();
after(() => rgw.stop());
const wrongSecret = "not-the-velero-secret-0123456789";
let buckets = 0;

describeObjectStoreConformance({
  name: "aws on Ceph RGW",
  createBucket: async () => {
    const bucket = `conformance-${++buckets}`;
    await rgw.createBucket(bucket);
    return bucket;
  },
  open: (options) =>
    createObjectStore({
      provider: "aws",
      bucket: options.bucket,
      config: {
        region: rgw.region,
        s3Url: options.endpoint ?? rgw.endpoint,
        s3ForcePathStyle: "true",
      },
      credentials: [
        "[default]",
        `aws_access_key_id = ${rgw.accessKey}`,
        `aws_secret_access_key = ${options.wrongCredentials === true ? wrongSecret : rgw.secretKey}`,
      ].join("\n"),
      timeouts: options.timeouts,
      upload: options.upload,
      retry: false,
    }),
  endpoint: rgw.endpoint,
  enforcesSignedUrlExpiry: true,
  checksCredentials: true,
  reportsMissingBuckets: true,
  refusesPutToMissingBucket: true,
  retriesStreamUploadParts: true,
  secrets: [rgw.secretKey, wrongSecret],
});
