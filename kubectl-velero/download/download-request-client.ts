// Velero's download flow for logs, `describe --details` and `backup download`: create a
// DownloadRequest `<name>-<uuid>`, poll until the agent fills `status.downloadURL`, fetch it,
// and gunzip everything except the backup tarball.
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { DownloadRequest, DownloadTargetKind } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { DownloadTimeoutError } from "./download-errors.js";
import { fetchUrl, type DownloadTls } from "./fetch-url.js";

/** Velero's CLI default for `--timeout` of logs and downloads. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 60_000;

/** Where DownloadRequests are created and read (the Velero namespace's typed client). */
export interface DownloadRequestStore {
  readonly namespace: string;
  create(request: DownloadRequest): Promise<DownloadRequest>;
  get(name: string): Promise<DownloadRequest>;
  delete(name: string): Promise<void>;
}

/** What to download and how. */
export interface DownloadOptions {
  readonly clients: { readonly downloadRequests: DownloadRequestStore };
  readonly clock: Clock;
  readonly kind: DownloadTargetKind;
  /** The backup or restore name. */
  readonly name: string;
  /** How long the agent may take to answer with a URL (`--timeout`). */
  readonly timeoutMs: number;
  readonly tls: DownloadTls;
  /** Poll interval of the DownloadRequest (Velero: 25 ms). */
  readonly pollIntervalMs?: number;
}

/** The DownloadRequest the CLI creates for one file. */
export function buildDownloadRequest(
  namespace: string,
  kind: DownloadTargetKind,
  name: string,
  uuid: string = randomUUID(),
): DownloadRequest {
  return {
    apiVersion: "velero.io/v1",
    kind: "DownloadRequest",
    metadata: { namespace, name: `${name}-${uuid}` },
    spec: { target: { kind, name } },
  };
}

/**
 * Creates the DownloadRequest and waits for its URL; throws {@link DownloadTimeoutError} after
 * `timeoutMs` (and removes the unanswered request).
 */
export async function requestDownloadUrl(options: DownloadOptions): Promise<string> {
  const requests = options.clients.downloadRequests;
  const request = buildDownloadRequest(requests.namespace, options.kind, options.name);
  const created = await requests.create(request);
  const name = created.metadata.name ?? request.metadata.name ?? "";
  const deadline = options.clock.now().getTime() + options.timeoutMs;
  for (;;) {
    const current = await requests.get(name);
    const url = current.status?.downloadURL;
    if (url !== undefined && url !== "") return url;
    if (options.clock.now().getTime() >= deadline) {
      await requests.delete(name).catch(() => undefined);
      throw new DownloadTimeoutError();
    }
    await options.clock.sleep(options.pollIntervalMs ?? 25);
  }
}

/** The file's contents as a stream, gunzipped unless it is the `BackupContents` tarball. */
export async function openDownload(options: DownloadOptions): Promise<Readable> {
  const url = await requestDownloadUrl(options);
  const body = await fetchUrl(url, options.tls);
  if (options.kind === "BackupContents") return body;
  const gunzip = createGunzip();
  body.on("error", (error: Error) => gunzip.destroy(error));
  return body.pipe(gunzip);
}

/** The whole (decompressed) file in memory; for the small side files `describe` reads. */
export async function downloadToBuffer(options: DownloadOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openDownload(options)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
