// An ObjectStore on Azure Blob Storage (bucket = container), configured like Velero's Azure
// plugin; stream bodies are staged as blocks in bounded memory and committed at the end.
import {
  BlobSASPermissions,
  generateBlobSASQueryParameters,
  SASProtocol,
  type ContainerClient,
} from "@azure/storage-blob";
import { Readable } from "node:stream";
import {
  bodyBytes,
  isStreamBody,
  translateStreamErrors,
  watchBody,
  type BodyWatch,
} from "../object-body.js";
import type { ByteRange, ObjectBody, ObjectInfo, ObjectStore } from "../object-store.js";
import { describeStore, type ProviderSettings } from "../provider-settings.js";
import { storageError, type FailureContext } from "../storage-failure.js";
import { createAzureClients, type AzureClients } from "./azure-clients.js";
import { parseAzureConfig } from "./azure-config.js";
import { azureFailure, translateAzureError } from "./azure-errors.js";

const pageSize = 1_000;

/** The azure provider (`velero.io/azure`). */
export class AzureObjectStore implements ObjectStore {
  readonly description: string;
  private readonly container: string;
  private readonly endpoint: string;
  private readonly blockSize: number;
  private readonly concurrency: number;
  private readonly clients: AzureClients;

  private constructor(settings: ProviderSettings, clients: AzureClients, endpoint: string) {
    this.container = settings.bucket;
    this.clients = clients;
    this.endpoint = endpoint;
    this.description = describeStore(settings, endpoint);
    this.blockSize = settings.upload.partSizeBytes;
    this.concurrency = Math.max(1, settings.upload.concurrency);
  }

  /** Validates the location and reads its credentials; makes no request. */
  static fromSettings(settings: ProviderSettings): AzureObjectStore {
    const config = parseAzureConfig(settings);
    const tuned =
      config.blockSizeBytes === undefined
        ? settings
        : { ...settings, upload: { ...settings.upload, partSizeBytes: config.blockSizeBytes } };
    const endpoint = config.endpoint.href.replace(/\/$/, "");
    return new AzureObjectStore(tuned, createAzureClients(config, tuned), endpoint);
  }

  async put(key: string, body: ObjectBody): Promise<void> {
    const watch = watchBody(body);
    try {
      if (!isStreamBody(body)) {
        const bytes = bodyBytes(body);
        await this.blob(this.clients.requests.getContainerClient(this.container), key).upload(
          bytes,
          bytes.length,
        );
        return;
      }
      const blob = this.blob(this.clients.uploads.getContainerClient(this.container), key);
      await this.uploadStream(blob, body, watch);
    } catch (error) {
      if (watch.failure() !== undefined) throw watch.failure();
      throw this.translate(error, `put "${key}"`, key);
    }
  }

  /**
   * Stages `body` as blocks and commits them. A body that fails ends the upload at once with its
   * own error and aborts the blocks in flight: storage-blob's buffer scheduler was seen to leave
   * its promise pending forever when the source stream errored while blocks were outstanding.
   */
  private async uploadStream(
    blob: ReturnType<AzureObjectStore["blob"]>,
    body: Readable,
    watch: BodyWatch,
  ): Promise<void> {
    const abort = new AbortController();
    const uploading = blob.uploadStream(body, this.blockSize, this.concurrency, {
      abortSignal: abort.signal,
    });
    uploading.catch(() => undefined);
    try {
      await Promise.race([uploading, watch.failed]);
    } finally {
      if (watch.failure() !== undefined) abort.abort();
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    if (range?.length === 0) {
      if (!(await this.exists(key))) await this.get(key);
      return Readable.from([]);
    }
    try {
      const response = await this.blob(this.containerClient(), key).download(
        range?.offset ?? 0,
        range?.length,
        {
          maxRetryRequests: 0,
        },
      );
      const body = response.readableStreamBody;
      if (!(body instanceof Readable)) throw new Error("download returned no stream body");
      return translateStreamErrors(body, (e) => this.translate(e, `read "${key}"`, key));
    } catch (error) {
      throw this.translate(error, `get "${key}"`, key);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.blob(this.containerClient(), key).getProperties();
      return true;
    } catch (error) {
      const failure = azureFailure(error);
      if (failure.status !== 404 || failure.code === "ContainerNotFound") {
        throw this.translate(error, `check "${key}"`, key);
      }
    }
    await this.requireContainer();
    return false;
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const pages = this.containerClient()
      .listBlobsFlat({ prefix })
      .byPage({ maxPageSize: pageSize });
    for await (const page of this.translatePages(pages, prefix)) {
      for (const item of page.segment.blobItems) {
        yield {
          key: item.name,
          size: item.properties.contentLength ?? 0,
          lastModified: item.properties.lastModified,
        };
      }
    }
  }

  async listCommonPrefixes(prefix: string, delimiter: string): Promise<string[]> {
    const pages = this.containerClient()
      .listBlobsByHierarchy(delimiter, { prefix })
      .byPage({ maxPageSize: pageSize });
    const found: string[] = [];
    for await (const page of this.translatePages(pages, prefix)) {
      for (const common of page.segment.blobPrefixes ?? []) found.push(common.name);
    }
    return found;
  }

  async delete(key: string): Promise<void> {
    try {
      await this.blob(this.containerClient(), key).delete();
    } catch (error) {
      const failure = azureFailure(error);
      if (failure.status === 404 && failure.code === "BlobNotFound") return;
      throw this.translate(error, `delete "${key}"`, key);
    }
  }

  signedUrl(key: string, ttlSeconds: number): Promise<string> {
    const credential = this.clients.sharedKey;
    if (credential === undefined) return this.userDelegationUrl(key, ttlSeconds);
    const blob = this.blob(this.containerClient(), key);
    const sas = generateBlobSASQueryParameters(
      this.sasValues(key, ttlSeconds, new Date()),
      credential,
    );
    return Promise.resolve(`${blob.url}?${sas.toString()}`);
  }

  /** A user-delegation SAS, for locations that authenticate with Azure AD (`useAAD`). */
  private async userDelegationUrl(key: string, ttlSeconds: number): Promise<string> {
    const now = new Date();
    const values = this.sasValues(key, ttlSeconds, now);
    try {
      const delegation = await this.clients.requests.getUserDelegationKey(
        values.startsOn ?? now,
        values.expiresOn ?? now,
      );
      const sas = generateBlobSASQueryParameters(
        values,
        delegation,
        this.clients.requests.accountName,
      );
      return `${this.blob(this.containerClient(), key).url}?${sas.toString()}`;
    } catch (error) {
      throw this.translate(error, `sign a URL for "${key}"`, key);
    }
  }

  private sasValues(
    key: string,
    ttlSeconds: number,
    now: Date,
  ): Parameters<typeof generateBlobSASQueryParameters>[0] {
    return {
      containerName: this.container,
      blobName: key,
      permissions: BlobSASPermissions.parse("r"),
      startsOn: new Date(now.getTime() - 10 * 60_000),
      expiresOn: new Date(now.getTime() + ttlSeconds * 1000),
      protocol: this.endpoint.startsWith("https:") ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
    };
  }

  private async *translatePages<T>(pages: AsyncIterable<T>, prefix: string): AsyncGenerator<T> {
    try {
      yield* pages;
    } catch (error) {
      throw this.translate(error, `list "${prefix}"`);
    }
  }

  private async requireContainer(): Promise<void> {
    try {
      await this.containerClient().getProperties();
    } catch (error) {
      const failure = azureFailure(error);
      if (failure.status !== 404) throw this.translate(error, "open the container");
      const context = {
        store: this.description,
        bucket: this.container,
        action: "open the container",
      };
      throw storageError("bucketNotFound", context, { ...failure, code: "ContainerNotFound" });
    }
  }

  private containerClient(): ContainerClient {
    return this.clients.requests.getContainerClient(this.container);
  }

  private blob(
    container: ContainerClient,
    key: string,
  ): ReturnType<ContainerClient["getBlockBlobClient"]> {
    return container.getBlockBlobClient(key);
  }

  private translate(error: unknown, action: string, key?: string): Error {
    const context: FailureContext = {
      store: this.description,
      bucket: this.container,
      action,
      key,
    };
    return translateAzureError(error, context, this.endpoint);
  }
}
