// Fetches a signed download URL: HTTPS with the system roots plus a CA bundle (or no
// verification when asked), plain HTTP, or a `file://` URL of the filesystem provider.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { rootCertificates } from "node:tls";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { DownloadFailedError, DownloadNotFoundError } from "./download-errors.js";

/** TLS settings of a download (Velero's `--insecure-skip-tls-verify` and `--cacert`). */
export interface DownloadTls {
  readonly insecureSkipTlsVerify?: boolean;
  /** Path of a PEM bundle to trust besides the system roots (`--cacert`, client config). */
  readonly caCertFile?: string | undefined;
  /** PEM bundle of the backup storage location (`caCertRef` or `caCert`). */
  readonly locationCaCert?: string | undefined;
}

/**
 * Opens `url` and resolves with its body once the response is 200. A 404 (or a missing file)
 * is {@link DownloadNotFoundError}; any other answer {@link DownloadFailedError} with its body.
 */
export async function fetchUrl(
  url: string,
  tls: DownloadTls,
  signal?: AbortSignal,
): Promise<Readable> {
  const parsed = new URL(url);
  if (parsed.protocol === "file:") return openFile(fileURLToPath(parsed));
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new DownloadFailedError(`unsupported download URL scheme "${parsed.protocol}"`);
  }
  const response = await get(parsed, await trustedCas(tls), { tls, signal });
  if (response.statusCode === 200) return response;
  const body = await readAll(response);
  if (response.statusCode === 404) throw new DownloadNotFoundError();
  throw new DownloadFailedError(`request failed: ${body}`);
}

async function openFile(path: string): Promise<Readable> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DownloadNotFoundError();
  } catch (error) {
    if (error instanceof DownloadNotFoundError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new DownloadNotFoundError();
    throw new DownloadFailedError(`cannot read ${path}: ${String(error)}`, { cause: error });
  }
  return createReadStream(path);
}

async function trustedCas(tls: DownloadTls): Promise<string[] | undefined> {
  const extra: string[] = [];
  if (tls.caCertFile !== undefined && tls.caCertFile !== "") {
    try {
      extra.push(await readFile(tls.caCertFile, "utf8"));
    } catch (error) {
      if (tls.locationCaCert === undefined || tls.locationCaCert === "") {
        throw new DownloadFailedError(`couldn't open cacert: ${String(error)}`, { cause: error });
      }
      extra.push(tls.locationCaCert);
    }
  } else if (tls.locationCaCert !== undefined && tls.locationCaCert !== "") {
    extra.push(tls.locationCaCert);
  }
  return extra.length === 0 ? undefined : [...rootCertificates, ...extra];
}

function get(
  url: URL,
  ca: string[] | undefined,
  options: { readonly tls: DownloadTls; readonly signal?: AbortSignal | undefined },
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(translateError(error));
    };
    const request =
      url.protocol === "https:"
        ? httpsRequest(url, {
            method: "GET",
            ...(ca === undefined ? {} : { ca }),
            rejectUnauthorized: options.tls.insecureSkipTlsVerify !== true,
            ...(options.signal === undefined ? {} : { signal: options.signal }),
          })
        : httpRequest(url, {
            method: "GET",
            ...(options.signal === undefined ? {} : { signal: options.signal }),
          });
    request.on("response", resolve);
    request.on("error", onError);
    request.end();
  });
}

const certificateCodes = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

function translateError(error: Error): DownloadFailedError {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (certificateCodes.has(code)) {
    return new DownloadFailedError(
      `${error.message}\n\nThe --insecure-skip-tls-verify flag can also be used to accept any TLS certificate for the download, but it is susceptible to man-in-the-middle attacks`,
      { cause: error },
    );
  }
  return new DownloadFailedError(`download failed: ${error.message}`, { cause: error });
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
