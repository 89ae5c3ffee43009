// An Azure AD token source for `useAAD`: the OAuth 2.0 client-credentials grant with the
// service principal's secret (AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET).
import { StorageAuthError, StorageUnavailableError } from "../errors.js";
import { describeNetworkFailure } from "../network-errors.js";

/** An access token and when it expires (the shape @azure/core-auth's TokenCredential returns). */
export interface AccessToken {
  readonly token: string;
  readonly expiresOnTimestamp: number;
}

/** What the storage SDK asks a token credential for. */
export interface TokenSource {
  getToken(scopes: string | string[]): Promise<AccessToken | null>;
}

/** Options of {@link ClientSecretCredential}. */
export interface ClientSecretCredentialOptions {
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly timeoutMs: number;
  /** Names the location in messages. */
  readonly where: string;
}

/**
 * Fetches tokens from `<authorityHost>/<tenant>/oauth2/v2.0/token` and caches each until five
 * minutes before it expires. Refusals are StorageAuthErrors that never contain the secret.
 */
export class ClientSecretCredential implements TokenSource {
  private readonly options: ClientSecretCredentialOptions;
  private cached: AccessToken | undefined;

  constructor(options: ClientSecretCredentialOptions) {
    this.options = options;
  }

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    if (this.cached !== undefined && this.cached.expiresOnTimestamp - 300_000 > Date.now()) {
      return this.cached;
    }
    const { authorityHost, tenantId, clientId, clientSecret, where } = this.options;
    const url = `${authorityHost}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      scope: (Array.isArray(scopes) ? scopes : [scopes]).join(" "),
    });
    const response = await fetch(url, {
      method: "POST",
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    }).catch((error: unknown) => {
      const network = describeNetworkFailure(error) ?? "request failed";
      throw new StorageUnavailableError(
        `${where}: cannot reach Azure AD at ${authorityHost} (${network})`,
      );
    });
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    const token = answer["access_token"];
    if (!response.ok || typeof token !== "string") {
      const code =
        typeof answer["error"] === "string" ? answer["error"] : `HTTP ${response.status}`;
      const failure = `${where}: Azure AD refused client ${clientId} of tenant ${tenantId} (${code})`;
      if (response.status >= 500) throw new StorageUnavailableError(failure);
      throw new StorageAuthError(failure);
    }
    const expiresIn = Number(answer["expires_in"] ?? 3600);
    this.cached = { token, expiresOnTimestamp: Date.now() + expiresIn * 1000 };
    return this.cached;
  }
}
