// An ObjectStore on AWS S3 or an S3-compatible server (Ceph RGW, MinIO, ...), configured like
// Velero's AWS plugin; stream bodies go up as multipart uploads in bounded memory.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ListObjectsV2CommandOutput,
  type PutObjectCommandInput,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Readable } from "node:stream";
import { bodyBytes, isStreamBody, translateStreamErrors, watchBody } from "../object-body.js";
import type { ByteRange, ObjectBody, ObjectInfo, ObjectStore } from "../object-store.js";
import { describeStore, locationLabel, type ProviderSettings } from "../provider-settings.js";
import { storageError, type FailureContext } from "../storage-failure.js";
import { createS3Clients, type S3Clients } from "./s3-clients.js";
import { parseS3Config, type S3Config } from "./s3-config.js";
import { readS3Credentials } from "./s3-credentials.js";
import { s3Failure, translateS3Error } from "./s3-errors.js";
import { discoverBucketRegion } from "./s3-region.js";

/** Options of {@link S3ObjectStore.fromSettings} that only tests change. */
export interface S3StoreOptions {
  /** Where region discovery sends its anonymous HEAD (default: the global AWS endpoint). */
  readonly regionEndpoint?: string;
}

/** The aws provider (`velero.io/aws`). */
export class S3ObjectStore implements ObjectStore {
  readonly description: string;
  private readonly bucket: string;
  private readonly config: S3Config;
  private readonly clients: S3Clients;
  private readonly settings: ProviderSettings;

  private constructor(settings: ProviderSettings, config: S3Config, clients: S3Clients) {
    this.settings = settings;
    this.bucket = settings.bucket;
    this.config = config;
    this.clients = clients;
    this.description = describeStore(settings, clients.endpoint);
  }

  /** Validates the location, reads its credentials, finds the region if needed. */
  static async fromSettings(
    settings: ProviderSettings,
    options: S3StoreOptions = {},
  ): Promise<S3ObjectStore> {
    let config = await parseS3Config(settings);
    const where = locationLabel(settings);
    if (config.region === "") {
      const region = await discoverBucketRegion(settings.bucket, {
        endpoint: options.regionEndpoint,
        timeoutMs: settings.timeouts.connectMs,
        where,
      });
      config = { ...config, region };
    }
    const credentials =
      settings.credentials === undefined
        ? undefined
        : readS3Credentials(settings.credentials, config.profile, where);
    return new S3ObjectStore(settings, config, createS3Clients(config, settings, credentials));
  }

  async put(key: string, body: ObjectBody): Promise<void> {
    const params = this.putParams(key);
    const watch = watchBody(body);
    try {
      if (!isStreamBody(body)) {
        await this.clients.requests.send(
          new PutObjectCommand({ ...params, Body: bodyBytes(body) }),
        );
        return;
      }
      const upload = new Upload({
        client: this.clients.uploads,
        params: { ...params, Body: body },
        partSize: Math.max(5 * 1024 * 1024, this.settings.upload.partSizeBytes),
        queueSize: Math.max(1, this.settings.upload.concurrency),
        leavePartsOnError: false,
      });
      await upload.done();
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
    try {
      const output = await this.clients.requests.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: rangeHeader(range),
          ...this.sseC(),
        }),
      );
      if (!(output.Body instanceof Readable)) throw new Error("GetObject returned no stream body");
      return translateStreamErrors(output.Body, (e) => this.translate(e, `read "${key}"`, key));
    } catch (error) {
      throw this.translate(error, `get "${key}"`, key);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.clients.requests.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key, ...this.sseC() }),
      );
      return true;
    } catch (error) {
      if (s3Failure(error).status !== 404) throw this.translate(error, `check "${key}"`, key);
    }
    await this.requireBucket();
    return false;
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    for await (const page of this.pages(prefix)) {
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        yield { key: item.Key, size: item.Size ?? 0, lastModified: item.LastModified };
      }
    }
  }

  async listCommonPrefixes(prefix: string, delimiter: string): Promise<string[]> {
    const found: string[] = [];
    for await (const page of this.pages(prefix, delimiter)) {
      for (const common of page.CommonPrefixes ?? []) {
        if (common.Prefix !== undefined) found.push(common.Prefix);
      }
    }
    return found;
  }

  async delete(key: string): Promise<void> {
    try {
      await this.clients.requests.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      throw this.translate(error, `delete "${key}"`, key);
    }
  }

  async signedUrl(key: string, ttlSeconds: number): Promise<string> {
    try {
      const command = new GetObjectCommand({ Bucket: this.bucket, Key: key });
      return await getSignedUrl(this.clients.signer, command, { expiresIn: ttlSeconds });
    } catch (error) {
      throw this.translate(error, `sign a URL for "${key}"`, key);
    }
  }

  private async *pages(
    prefix: string,
    delimiter?: string,
  ): AsyncGenerator<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      const command = new ListObjectsV2Command({
        Bucket: this.bucket,
        Prefix: prefix,
        Delimiter: delimiter,
        ContinuationToken: token,
      });
      const page = await this.clients.requests.send(command).catch((error: unknown) => {
        throw this.translate(error, `list "${prefix}"`);
      });
      yield page;
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  private async requireBucket(): Promise<void> {
    try {
      await this.clients.requests.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const failure = s3Failure(error);
      if (failure.status !== 404) throw this.translate(error, "open the bucket");
      const context = { store: this.description, bucket: this.bucket, action: "open the bucket" };
      throw storageError("bucketNotFound", context, { ...failure, code: "NoSuchBucket" });
    }
  }

  private putParams(key: string): PutObjectCommandInput {
    const { kmsKeyId, serverSideEncryption, tagging, checksumAlgorithm } = this.config;
    const encryption =
      kmsKeyId !== undefined
        ? { ServerSideEncryption: "aws:kms" as const, SSEKMSKeyId: kmsKeyId }
        : serverSideEncryption === undefined
          ? {}
          : {
              ServerSideEncryption:
                serverSideEncryption as PutObjectCommandInput["ServerSideEncryption"],
            };
    return {
      Bucket: this.bucket,
      Key: key,
      Tagging: tagging,
      ChecksumAlgorithm: checksumAlgorithm,
      ...encryption,
      ...this.sseC(),
    };
  }

  private sseC(): {
    SSECustomerAlgorithm?: string;
    SSECustomerKey?: string;
    SSECustomerKeyMD5?: string;
  } {
    const customer = this.config.customerKey;
    if (customer === undefined) return {};
    return {
      SSECustomerAlgorithm: "AES256",
      SSECustomerKey: customer.key,
      SSECustomerKeyMD5: customer.md5,
    };
  }

  private translate(error: unknown, action: string, key?: string): Error {
    const context: FailureContext = { store: this.description, bucket: this.bucket, action, key };
    return translateS3Error(error, context, this.clients.endpoint);
  }
}

function rangeHeader(range: ByteRange | undefined): string | undefined {
  if (range === undefined) return undefined;
  const end = range.length === undefined ? "" : String(range.offset + range.length - 1);
  return `bytes=${range.offset}-${end}`;
}
