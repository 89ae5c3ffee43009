// Reads static keys from an AWS shared-credentials file (the INI format Velero's AWS plugin
// reads from the `cloud` Secret): `[profile]` sections of `aws_access_key_id=...` lines.
import { StorageConfigError } from "../errors.js";

/** Static AWS credentials. */
export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Parses INI text into sections of key/value pairs (`[profile x]` is read as section `x`). */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*(?:profile\s+)?([^\]]*?)\s*\]$/.exec(line);
    if (header !== null) {
      const name = header[1] ?? "";
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      continue;
    }
    const at = line.indexOf("=");
    if (current === undefined || at < 0) continue;
    current.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return sections;
}

/**
 * The static keys of `profile` in a shared-credentials file. A missing profile, or one without
 * `aws_access_key_id` and `aws_secret_access_key`, is a StorageConfigError that names the
 * profile and never echoes the file's contents.
 */
export function readS3Credentials(text: string, profile: string, where: string): S3Credentials {
  const section = parseIni(text).get(profile);
  if (section === undefined) {
    throw new StorageConfigError(
      `${where}: profile "${profile}" not found in the credentials file`,
    );
  }
  const accessKeyId = section.get("aws_access_key_id");
  const secretAccessKey = section.get("aws_secret_access_key");
  if (accessKeyId === undefined || accessKeyId === "" || secretAccessKey === undefined) {
    throw new StorageConfigError(
      `${where}: profile "${profile}" of the credentials file has no aws_access_key_id and ` +
        `aws_secret_access_key (role, SSO and process profiles are not supported)`,
    );
  }
  const sessionToken = section.get("aws_session_token");
  return sessionToken === undefined || sessionToken === ""
    ? { accessKeyId, secretAccessKey }
    : { accessKeyId, secretAccessKey, sessionToken };
}
