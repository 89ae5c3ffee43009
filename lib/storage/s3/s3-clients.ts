// Builds the S3 clients one location needs: requests (no SDK retries), stream uploads (parts
// retried, since each is buffered) and signing (against `publicUrl` when set).
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { rootCertificates } from "node:tls";
import { KeepAliveHttpAgent, KeepAliveHttpsAgent } from "../keep-alive-agents.js";
import type { ProviderSettings } from "../provider-settings.js";
import type { S3Config } from "./s3-config.js";
import type { S3Credentials } from "./s3-credentials.js";

/** The clients of one S3 location. */
export interface S3Clients {
  /** Every request except stream uploads; the SDK never retries (the decorator does). */
  readonly requests: S3Client;
  /** Multipart uploads of streams: parts are buffered, so the SDK may retry each one. */
  readonly uploads: S3Client;
  /** Presigns GET URLs, against `publicUrl` when the location has one. */
  readonly signer: S3Client;
  /** The endpoint requests go to, for messages. */
  readonly endpoint: string;
}

/** Creates the clients; makes no request. */
export function createS3Clients(
  config: S3Config,
  settings: ProviderSettings,
  credentials: S3Credentials | undefined,
): S3Clients {
  const base = baseClientConfig(config, settings, credentials);
  const endpoint = config.endpoint?.href ?? `https://s3.${config.region}.amazonaws.com`;
  return {
    requests: new S3Client({ ...base, maxAttempts: 1 }),
    uploads: new S3Client({ ...base, maxAttempts: Math.max(1, settings.upload.partAttempts) }),
    signer: new S3Client({
      ...base,
      maxAttempts: 1,
      endpoint: (config.publicUrl ?? config.endpoint)?.href,
    }),
    endpoint: endpoint.replace(/\/$/, ""),
  };
}

function baseClientConfig(
  config: S3Config,
  settings: ProviderSettings,
  credentials: S3Credentials | undefined,
): S3ClientConfig {
  const ca =
    settings.caCert === undefined ? undefined : [...rootCertificates, settings.caCert.toString()];
  return {
    region: config.region,
    endpoint: config.endpoint?.href,
    forcePathStyle: config.forcePathStyle,
    credentials,
    requestChecksumCalculation:
      config.checksumAlgorithm === undefined ? "WHEN_REQUIRED" : "WHEN_SUPPORTED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: {
      connectionTimeout: settings.timeouts.connectMs,
      socketTimeout: settings.timeouts.requestMs,
      httpAgent: new KeepAliveHttpAgent({ maxSockets: 32 }),
      httpsAgent: new KeepAliveHttpsAgent({
        maxSockets: 32,
        ca,
        rejectUnauthorized: !config.insecureSkipTLSVerify,
      }),
    },
  };
}
