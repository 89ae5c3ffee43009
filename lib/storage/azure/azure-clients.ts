// Builds the Azure Blob clients one location needs: requests (no SDK retries), stream uploads
// (each staged block retried, since it is buffered), with the location's CA trusted.
import {
  BlobServiceClient,
  newPipeline,
  StorageSharedKeyCredential,
  type RequestPolicy,
  type RequestPolicyFactory,
  type WebResource,
} from "@azure/storage-blob";
import { rootCertificates } from "node:tls";
import { KeepAliveHttpAgent, KeepAliveHttpsAgent } from "../keep-alive-agents.js";
import { locationLabel, type ProviderSettings } from "../provider-settings.js";
import { ClientSecretCredential } from "./azure-aad-credential.js";
import type { AzureConfig } from "./azure-config.js";

/** The clients of one Azure location. */
export interface AzureClients {
  /** Every request except stream uploads; the SDK never retries (the decorator does). */
  readonly requests: BlobServiceClient;
  /** Block uploads of streams: blocks are buffered, so the SDK may retry each one. */
  readonly uploads: BlobServiceClient;
  /** Set when authenticating with the account key: signs SAS URLs locally. */
  readonly sharedKey?: StorageSharedKeyCredential;
}

/** Creates the clients; makes no request. */
export function createAzureClients(config: AzureConfig, settings: ProviderSettings): AzureClients {
  const credential =
    config.auth.kind === "sharedKey"
      ? new StorageSharedKeyCredential(config.account, config.auth.accountKey)
      : new ClientSecretCredential({
          ...config.auth,
          timeoutMs: settings.timeouts.connectMs + settings.timeouts.requestMs,
          where: locationLabel(settings),
        });
  const agents = agentPolicy(settings);
  const client = (maxTries: number): BlobServiceClient => {
    const pipeline = newPipeline(credential, {
      retryOptions: { maxTries, tryTimeoutInMs: settings.timeouts.requestMs },
      userAgentOptions: { userAgentPrefix: "kubectl-velero" },
    });
    pipeline.factories.unshift(agents);
    return new BlobServiceClient(config.endpoint.href.replace(/\/$/, ""), pipeline);
  };
  return {
    requests: client(1),
    uploads: client(Math.max(1, settings.upload.partAttempts)),
    sharedKey: credential instanceof StorageSharedKeyCredential ? credential : undefined,
  };
}

/**
 * Sends every request through keep-alive agents that trust the location's caCert, and gives
 * up on a request that got no response within `requestMs` (storage-blob's own `tryTimeoutInMs`
 * is only a hint to the server).
 */
function agentPolicy(settings: ProviderSettings): RequestPolicyFactory {
  const ca =
    settings.caCert === undefined ? undefined : [...rootCertificates, settings.caCert.toString()];
  const https = new KeepAliveHttpsAgent({ maxSockets: 32, ca });
  const http = new KeepAliveHttpAgent({ maxSockets: 32 });
  return {
    create: (next: RequestPolicy): RequestPolicy => ({
      sendRequest: (request: WebResource) => {
        request.agent = request.url.startsWith("https:") ? https : http;
        request.timeout = settings.timeouts.requestMs;
        return next.sendRequest(request);
      },
    }),
  };
}
