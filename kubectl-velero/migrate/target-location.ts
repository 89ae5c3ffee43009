// Step 2's pure core: which location of the target already points at the source's bucket, and
// otherwise the ReadOnly location (and credentials Secret) to create there.
import type { BackupStorageLocation, SecretKeySelector } from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";

/** The Secret Velero's install creates and the agent reads when a location names none. */
export const INSTALL_CREDENTIALS = { name: "cloud-credentials", key: "cloud" } as const;

function normalizedPrefix(prefix: string | undefined): string {
  return (prefix ?? "").replace(/^\/+|\/+$/g, "");
}

/** True when both locations store into the same place: provider, bucket and prefix. */
export function sameStorage(a: BackupStorageLocation, b: BackupStorageLocation): boolean {
  return (
    providerName(a.spec.provider) === providerName(b.spec.provider) &&
    a.spec.objectStorage.bucket === b.spec.objectStorage.bucket &&
    normalizedPrefix(a.spec.objectStorage.prefix) === normalizedPrefix(b.spec.objectStorage.prefix)
  );
}

/** `velero.io/aws` and `aws` name the same provider. */
function providerName(provider: string): string {
  return provider.replace(/^velero\.io\//, "");
}

/** The target location with the source's storage (a ReadOnly one preferred), if any. */
export function findMatchingLocation(
  targetLocations: readonly BackupStorageLocation[],
  source: BackupStorageLocation,
): BackupStorageLocation | undefined {
  const matches = targetLocations.filter((l) => sameStorage(l, source));
  return matches.find((l) => l.spec.accessMode === "ReadOnly") ?? matches[0];
}

/** `migrate-from-<source context>` as a valid object name (at most 63 characters). */
export function targetLocationName(sourceContext: string): string {
  const cleaned = sourceContext
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const name = `migrate-from-${cleaned === "" ? "source" : cleaned}`;
  return name.slice(0, 63).replace(/-+$/, "");
}

/** Where the source's credentials are: its `spec.credential`, else the install's Secret. */
export function sourceCredentialRef(source: BackupStorageLocation): SecretKeySelector {
  const ref = source.spec.credential;
  if (ref?.name !== undefined && ref.name !== "" && ref.key !== "") return ref;
  return { ...INSTALL_CREDENTIALS };
}

/** What {@link buildTargetLocation} needs. */
export interface TargetLocationInput {
  readonly source: BackupStorageLocation;
  readonly name: string;
  readonly namespace: string;
  /** The credential Secret copied into the target, when the source has credentials. */
  readonly credential?: SecretKeySelector | undefined;
}

/**
 * A ReadOnly copy of the source location for the target: same provider, config and object
 * storage (prefix, CA); never the default; credentials from the copied Secret.
 */
export function buildTargetLocation(input: TargetLocationInput): BackupStorageLocation {
  const { spec } = input.source;
  return {
    apiVersion: "velero.io/v1",
    kind: "BackupStorageLocation",
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: { "app.kubernetes.io/managed-by": "kubectl-velero-migrate" },
    },
    spec: {
      provider: spec.provider,
      ...(spec.config === undefined ? {} : { config: { ...spec.config } }),
      objectStorage: { ...spec.objectStorage },
      ...(input.credential === undefined ? {} : { credential: { ...input.credential } }),
      accessMode: "ReadOnly",
      ...(spec.backupSyncPeriod === undefined ? {} : { backupSyncPeriod: spec.backupSyncPeriod }),
    },
  };
}

/** A Secret as far as copying it goes. */
export interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

/** The copy of the source's credentials Secret in the target (only the key the location uses). */
export function buildCredentialSecret(input: {
  readonly source: SecretObject;
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
}): SecretObject {
  const value = input.source.data?.[input.key];
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: { "app.kubernetes.io/managed-by": "kubectl-velero-migrate" },
    },
    type: "Opaque",
    data: value === undefined ? {} : { [input.key]: value },
  };
}
