// Reads the env-style credentials file of Velero's Azure plugin (`KEY=value` lines:
// AZURE_SUBSCRIPTION_ID, AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET,
// AZURE_CLOUD_NAME, AZURE_STORAGE_ACCOUNT_ACCESS_KEY, ...), as godotenv parses it.

/** Credential keys Velero's Azure support reads. */
export const azureCredentialKeys = {
  subscriptionId: "AZURE_SUBSCRIPTION_ID",
  resourceGroup: "AZURE_RESOURCE_GROUP",
  cloudName: "AZURE_CLOUD_NAME",
  tenantId: "AZURE_TENANT_ID",
  clientId: "AZURE_CLIENT_ID",
  clientSecret: "AZURE_CLIENT_SECRET",
  storageKey: "AZURE_STORAGE_KEY",
} as const;

/**
 * Parses `KEY=value` lines: `export ` prefixes, `#` comments, single-quoted (literal) and
 * double-quoted (with `\n` escapes) values, and ` #` comments after unquoted values.
 */
export function parseEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const at = line.indexOf("=");
    if (at <= 0) continue;
    values.set(line.slice(0, at).trim(), unquote(line.slice(at + 1).trim()));
  }
  return values;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
    const inner = value.slice(1, -1);
    return quote === "'" ? inner : inner.replace(/\\n/g, "\n").replace(/\\"/g, '"');
  }
  const comment = value.search(/\s#/);
  return comment < 0 ? value : value.slice(0, comment).trimEnd();
}

/** A storage cloud: where blob endpoints and Azure AD live. */
export interface AzureCloud {
  readonly blobSuffix: string;
  readonly authorityHost: string;
}

const clouds: Readonly<Record<string, AzureCloud>> = {
  AZUREPUBLICCLOUD: {
    blobSuffix: "blob.core.windows.net",
    authorityHost: "https://login.microsoftonline.com",
  },
  AZURECHINACLOUD: {
    blobSuffix: "blob.core.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
  },
  AZUREUSGOVERNMENTCLOUD: {
    blobSuffix: "blob.core.usgovcloudapi.net",
    authorityHost: "https://login.microsoftonline.us",
  },
};

/** The cloud AZURE_CLOUD_NAME names (case-insensitive; empty ⇒ public), or undefined. */
export function azureCloud(name: string | undefined): AzureCloud | undefined {
  const upper = (name ?? "").toUpperCase();
  if (upper === "" || upper === "AZURECLOUD") return clouds["AZUREPUBLICCLOUD"];
  if (upper === "AZUREUSGOVERNMENT") return clouds["AZUREUSGOVERNMENTCLOUD"];
  return clouds[upper];
}
