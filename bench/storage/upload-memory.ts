// Measures the memory and time of a streamed upload per provider and upload tuning:
// `node --import tsx bench/storage/upload-memory.ts [aws|azure|gcp|filesystem] [MB]`.
import { createObjectStore, type ObjectStore } from "../../lib/storage/index.js";
import {
  formatBytes,
  measureMemoryGrowth,
  PatternStream,
} from "../../lib/storage/testing/object-store-conformance.js";
import { startRgw } from "../../test/helpers/rgw.js";

const megabytes = Number(process.argv[3] ?? "200");
const tunings = [
  { partSizeBytes: 5 * 1024 * 1024, concurrency: 1 },
  { partSizeBytes: 5 * 1024 * 1024, concurrency: 1 },
  { partSizeBytes: 8 * 1024 * 1024, concurrency: 2 },
  { partSizeBytes: 8 * 1024 * 1024, concurrency: 2 },
  { partSizeBytes: 16 * 1024 * 1024, concurrency: 4 },
];

async function measure(
  open: (tuning: (typeof tunings)[number]) => Promise<ObjectStore>,
): Promise<void> {
  for (const tuning of tunings) {
    const store = await open(tuning);
    const body = new PatternStream({ totalBytes: megabytes * 1_000_000 });
    const started = Date.now();
    const { growth } = await measureMemoryGrowth(() => store.put("bench/object.bin", body));
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `${tuning.partSizeBytes / 1024 / 1024} MiB x ${tuning.concurrency}: ${seconds.toFixed(1)} s ` +
        `(${(megabytes / seconds).toFixed(0)} MB/s), rss +${formatBytes(growth.rssBytes)}, ` +
        `live +${formatBytes(growth.liveBytes)}, heap+buffers +${formatBytes(growth.heapAndBuffersBytes)}`,
    );
    await store.delete("bench/object.bin");
  }
}

const rgw = await startRgw();
try {
  await rgw.createBucket("bench");
  await measure((upload) =>
    createObjectStore({
      provider: "aws",
      bucket: "bench",
      config: { s3Url: rgw.endpoint, s3ForcePathStyle: "true" },
      credentials: `[default]\naws_access_key_id=${rgw.accessKey}\naws_secret_access_key=${rgw.secretKey}\n`,
      upload,
    }),
  );
} finally {
  await rgw.stop();
}
