// What a provider's integration test hands the conformance suite: how to make buckets and open
// stores against its server, and what that server can and cannot check.
import type { ObjectStore } from "../object-store.js";
import type { StorageTimeouts, UploadTuning } from "../provider-settings.js";

/** How the suite asks a target for a store. */
export interface OpenStoreOptions {
  readonly bucket: string;
  /** Base URL that replaces the server's endpoint (a fault proxy, or a port nobody listens on). */
  readonly endpoint?: string;
  /** Credentials the server must refuse (a wrong secret for the right key id). */
  readonly wrongCredentials?: boolean;
  readonly timeouts?: Partial<StorageTimeouts>;
  readonly upload?: Partial<UploadTuning>;
}

/** A provider under test, backed by a real server the test started. */
export interface ConformanceTarget {
  /** Shown in the suite's name, e.g. `aws on Ceph RGW`. */
  readonly name: string;
  /** Creates a new, empty bucket and returns its name. */
  createBucket(): Promise<string>;
  /** A bare provider store (no retrying decorator) on `bucket`. */
  open(options: OpenStoreOptions): Promise<ObjectStore>;
  /**
   * The server's base URL (`http://127.0.0.1:port`), for the fault proxy and the
   * unreachable-endpoint checks; undefined for stores that speak no HTTP (filesystem).
   */
  readonly endpoint?: string;
  /** The server refuses a signed URL after its expiry. */
  readonly enforcesSignedUrlExpiry: boolean;
  /** The server refuses wrong credentials (emulators that accept any token do not). */
  readonly checksCredentials: boolean;
  /** The server tells a missing bucket from a missing object (the GCS emulator does not). */
  readonly reportsMissingBuckets: boolean;
  /** A put into a missing bucket fails (the GCS emulator creates buckets on first upload). */
  readonly refusesPutToMissingBucket: boolean;
  /**
   * A delimiter listing pages its common prefixes (false for the GCS emulator, which returns
   * every prefix in one page; real GCS counts prefixes towards maxResults). Default true.
   */
  readonly pagesCommonPrefixes?: boolean;
  /** A stream upload survives a reset connection (its parts are buffered and retried). */
  readonly retriesStreamUploadParts: boolean;
  /** Secrets that must never appear in an error message. */
  readonly secrets: readonly string[];
  /** Size of the streamed large upload; 200 MB unless a target says otherwise. */
  readonly largeObjectBytes?: number;
}

/** Shared state of one suite run: the bucket and store every group works in. */
export class ConformanceContext {
  readonly target: ConformanceTarget;
  private current: { bucket: string; store: ObjectStore } | undefined;

  constructor(target: ConformanceTarget) {
    this.target = target;
  }

  /** Creates the suite's bucket and opens the store on it. */
  async setUp(): Promise<void> {
    const bucket = await this.target.createBucket();
    this.current = { bucket, store: await this.target.open({ bucket }) };
  }

  get bucket(): string {
    return this.ready().bucket;
  }

  get store(): ObjectStore {
    return this.ready().store;
  }

  private ready(): { bucket: string; store: ObjectStore } {
    if (this.current === undefined) throw new Error("conformance suite used before setUp");
    return this.current;
  }
}
