// The object storage providers this project ships and the config keys each accepts (Velero's
// plugins' keys), so `backup-location create` refuses an unknown provider or key before the
// agent would mark the location Unavailable.
import { OBJECT_STORE_CONFIG_KEYS, invalidConfigKeys } from "../../../lib/api/index.js";
import { UsageError } from "../../errors.js";

/** Volume snapshotter providers Velero's own plugins offer. */
export const VOLUME_SNAPSHOT_PROVIDERS: readonly string[] = ["aws", "azure", "gcp"];

/** `velero.io/aws` ⇒ `aws`; a name from another plugin namespace is returned unchanged. */
export function shortProviderName(provider: string): string {
  return provider.startsWith("velero.io/") ? provider.slice("velero.io/".length) : provider;
}

function requireKnown(provider: string, known: readonly string[], what: string): string {
  const short = shortProviderName(provider);
  if (!known.includes(short)) {
    throw new UsageError(
      `unknown ${what} provider "${provider}": supported providers are ${known.join(", ")} (optionally prefixed with velero.io/)`,
    );
  }
  return short;
}

/**
 * Checks a backup storage location's provider and config keys, with the wording of Velero's
 * plugins: `config has invalid keys [a b]; valid keys are [...]`.
 */
export function checkObjectStoreConfig(
  provider: string,
  config: Readonly<Record<string, string>> | undefined,
): void {
  const known = Object.keys(OBJECT_STORE_CONFIG_KEYS);
  const short = requireKnown(provider, known, "object storage");
  const valid: readonly string[] =
    (OBJECT_STORE_CONFIG_KEYS as Readonly<Record<string, readonly string[]>>)[short] ?? [];
  const invalid = invalidConfigKeys(config, valid);
  if (invalid.length > 0) {
    throw new UsageError(
      `provider ${short}: config has invalid keys [${invalid.join(" ")}]; valid keys are [${valid.join(" ")}]`,
    );
  }
}

/** Checks a volume snapshot location's provider. */
export function checkVolumeSnapshotProvider(provider: string): void {
  requireKnown(provider, VOLUME_SNAPSHOT_PROVIDERS, "volume snapshot");
}

/** `--credential secret=key` as a SecretKeySelector (Velero allows one pair). */
export function credentialSelector(
  credential: Readonly<Record<string, string>> | undefined,
): { name: string; key: string } | undefined {
  const pairs = Object.entries(credential ?? {});
  if (pairs.length > 1) throw new UsageError("--credential can only contain 1 key/value pair");
  const [pair] = pairs;
  return pair === undefined ? undefined : { name: pair[0], key: pair[1] };
}
