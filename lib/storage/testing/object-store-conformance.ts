// The one conformance suite every ObjectStore provider runs against a real server (kopia's
// verify.go, restic's backend suite): register it from the provider's integration test.
import { before, describe } from "node:test";
import { describeBasics } from "./conformance-basics.js";
import { describeFailures } from "./conformance-failures.js";
import { describeFaults } from "./conformance-faults.js";
import { describeLargeObjects } from "./conformance-large-objects.js";
import { describeListing } from "./conformance-listing.js";
import { describeSignedUrls } from "./conformance-signed-urls.js";
import { ConformanceContext, type ConformanceTarget } from "./conformance-target.js";

/**
 * Registers the whole suite for `target` under one `describe`: basic operations, listing (with
 * 1,500 keys), a 200 MB streamed upload with memory measured, broken streams, signed URLs,
 * missing buckets, wrong credentials, unreachable endpoints and proxy-injected faults.
 * The target's server must be running when this is called (start it with a top-level await
 * in the test file, and stop it in a top-level `after`).
 */
export function describeObjectStoreConformance(target: ConformanceTarget): void {
  describe(`ObjectStore conformance: ${target.name}`, () => {
    const ctx = new ConformanceContext(target);
    before(() => ctx.setUp());
    describeBasics(ctx);
    describeListing(ctx);
    describeLargeObjects(ctx);
    describeSignedUrls(ctx);
    describeFailures(ctx);
    describeFaults(ctx);
  });
}

export type { ConformanceTarget, OpenStoreOptions } from "./conformance-target.js";
export { FaultProxy, type Fault, type FaultAction } from "./fault-proxy.js";
export { FaultInjectingObjectStore, type StoreOperation } from "./fault-injecting-object-store.js";
export { measureMemoryGrowth, formatBytes, type MemoryGrowth } from "./memory-sampler.js";
export { PatternStream, digestStream } from "./pattern-stream.js";
