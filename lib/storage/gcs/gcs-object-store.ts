// An ObjectStore on Google Cloud Storage, configured like Velero's GCP plugin. Stream bodies go
// up as one streamed resumable-upload request, so memory stays bounded whatever the size.
import { Storage, type Bucket, type File, type GetFilesResponse } from "@google-cloud/storage";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { bodyBytes, isStreamBody, translateStreamErrors, watchBody } from "../object-body.js";
import type { ByteRange, ObjectBody, ObjectInfo, ObjectStore } from "../object-store.js";
import { describeStore, type ProviderSettings } from "../provider-settings.js";
import { storageError, type FailureContext } from "../storage-failure.js";
import { parseGcsConfig, type GcsConfig } from "./gcs-config.js";
import { gcsFailure, translateGcsError } from "./gcs-errors.js";

const pageSize = 1_000;

/** The gcp provider (`velero.io/gcp`). */
export class GcsObjectStore implements ObjectStore {
  readonly description: string;
  private readonly bucketName: string;
  private readonly endpoint: string;
  private readonly config: GcsConfig;
  private readonly storage: Storage;

  private constructor(settings: ProviderSettings, config: GcsConfig) {
    this.bucketName = settings.bucket;
    this.config = config;
    this.endpoint = (
      config.endpoint?.href ?? `https://storage.${config.universeDomain ?? "googleapis.com"}`
    ).replace(/\/$/, "");
    this.description = describeStore(settings, this.endpoint);
    this.storage = createStorage(config, settings);
  }

  /** Validates the location and parses its key; makes no request. */
  static fromSettings(settings: ProviderSettings): GcsObjectStore {
    return new GcsObjectStore(settings, parseGcsConfig(settings));
  }

  async put(key: string, body: ObjectBody): Promise<void> {
    const watch = watchBody(body);
    try {
      if (!isStreamBody(body)) {
        await this.file(key).save(bodyBytes(body), { resumable: false });
        return;
      }
      await pipeline(body, this.file(key).createWriteStream({ resumable: true }));
    } catch (error) {
      if (watch.failure() !== undefined) throw watch.failure();
      throw this.translate(error, `put "${key}"`, key);
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    if (range?.length === 0) {
      if (!(await this.exists(key))) await this.get(key);
      return Readable.from([]);
    }
    const end = range?.length === undefined ? undefined : range.offset + range.length - 1;
    const stream = this.file(key).createReadStream({
      start: range?.offset,
      end,
      validation: false,
    });
    let action = `get "${key}"`;
    const out = translateStreamErrors(stream, (e) => this.translate(e, action, key));
    await new Promise<void>((resolve, reject) => {
      const onResponse = (response: { statusCode?: number }): void => {
        if ((response.statusCode ?? 200) >= 400) return;
        out.off("error", reject);
        action = `read "${key}"`;
        resolve();
      };
      stream.once("response", onResponse);
      out.once("error", reject);
    });
    return out;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.file(key).getMetadata();
      return true;
    } catch (error) {
      const failure = gcsFailure(error);
      if (failure.status !== 404 || failure.code === "bucketNotFound") {
        throw this.translate(error, `check "${key}"`, key);
      }
    }
    await this.requireBucket();
    return false;
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    for await (const [files] of this.pages(prefix)) {
      for (const file of files) {
        const { size, updated } = file.metadata;
        yield {
          key: file.name,
          size: Number(size ?? 0),
          lastModified: updated === undefined ? undefined : new Date(updated),
        };
      }
    }
  }

  async listCommonPrefixes(prefix: string, delimiter: string): Promise<string[]> {
    const found: string[] = [];
    for await (const [, , response] of this.pages(prefix, delimiter)) {
      const prefixes = (response as { prefixes?: unknown } | undefined)?.prefixes;
      if (Array.isArray(prefixes)) found.push(...prefixes.filter((p) => typeof p === "string"));
    }
    return found;
  }

  async delete(key: string): Promise<void> {
    try {
      await this.file(key).delete();
    } catch (error) {
      const failure = gcsFailure(error);
      if (failure.status !== 404 || failure.code === "bucketNotFound") {
        throw this.translate(error, `delete "${key}"`, key);
      }
      await this.requireBucket();
    }
  }

  async signedUrl(key: string, ttlSeconds: number): Promise<string> {
    try {
      const [url] = await this.file(key).getSignedUrl({
        version: "v4",
        action: "read",
        expires: Date.now() + ttlSeconds * 1000,
      });
      return url;
    } catch (error) {
      throw this.translate(error, `sign a URL for "${key}"`, key);
    }
  }

  private async *pages(prefix: string, delimiter?: string): AsyncGenerator<GetFilesResponse> {
    let pageToken: string | undefined;
    do {
      const page = await this.bucket()
        .getFiles({ prefix, delimiter, autoPaginate: false, maxResults: pageSize, pageToken })
        .catch((error: unknown) => {
          throw this.translate(error, `list "${prefix}"`);
        });
      yield page;
      const next = page[1] as { pageToken?: unknown } | null | undefined;
      pageToken = typeof next?.pageToken === "string" ? next.pageToken : undefined;
    } while (pageToken !== undefined);
  }

  /** Lists one object: only a missing bucket makes a listing answer 404. */
  private async requireBucket(): Promise<void> {
    try {
      await this.bucket().getFiles({ autoPaginate: false, maxResults: 1 });
    } catch (error) {
      const failure = gcsFailure(error);
      if (failure.status !== 404) throw this.translate(error, "open the bucket");
      const context = {
        store: this.description,
        bucket: this.bucketName,
        action: "open the bucket",
      };
      throw storageError("bucketNotFound", context, { ...failure, code: "bucketNotFound" });
    }
  }

  private bucket(): Bucket {
    return this.storage.bucket(this.bucketName);
  }

  private file(key: string): File {
    return this.bucket().file(key, { kmsKeyName: this.config.kmsKeyName });
  }

  private translate(error: unknown, action: string, key?: string): Error {
    const context: FailureContext = {
      store: this.description,
      bucket: this.bucketName,
      action,
      key,
    };
    return translateGcsError(error, context, this.endpoint);
  }
}

/**
 * The SDK client: no SDK retries (the decorator retries), a per-request timeout, and for a
 * service-account key with a `storeEndpoint`, self-signed JWTs instead of an OAuth token
 * exchange (a private endpoint or emulator may have no route to Google's token server).
 */
function createStorage(config: GcsConfig, settings: ProviderSettings): Storage {
  const storage = new Storage({
    apiEndpoint: config.endpoint?.href.replace(/\/$/, ""),
    universeDomain: config.universeDomain,
    projectId: config.credentials?.project_id,
    credentials: config.credentials,
    useAuthWithCustomEndpoint: true,
    retryOptions: { autoRetry: false, maxRetries: 0 },
    timeout: settings.timeouts.requestMs,
  });
  if (config.endpoint !== undefined && config.credentials?.type === "service_account") {
    Object.assign(storage.authClient, { useJWTAccessWithScope: true });
  }
  return storage;
}
