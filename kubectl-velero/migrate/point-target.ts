// Step 2: the target reads the source's bucket: a matching location is reused, otherwise a
// ReadOnly copy of the source location (and its credentials Secret) is created; then it must
// become Available.
import type { BackupStorageLocation, SecretKeySelector } from "../../lib/api/index.js";
import { AlreadyExistsError, isNotFound, type ResourceType } from "../../lib/kube/index.js";
import { describeSide, type ClusterSide } from "./cluster-side.js";
import type { Deadline } from "./deadline.js";
import { LocationError, MigrationTimeoutError } from "./migrate-errors.js";
import { copyRepositoryPassword } from "./repository-password.js";
import {
  buildCredentialSecret,
  buildTargetLocation,
  findMatchingLocation,
  INSTALL_CREDENTIALS,
  sourceCredentialRef,
  targetLocationName,
  type SecretObject,
} from "./target-location.js";

const secretsType: ResourceType = {
  group: "",
  version: "v1",
  resource: "secrets",
  namespaced: true,
  kind: "Secret",
};

/**
 * The source location backups go to: the named one, else the default. Throws
 * {@link LocationError} when there is none.
 */
export async function sourceLocation(
  source: ClusterSide,
  name: string | undefined,
): Promise<BackupStorageLocation> {
  const locations = await source.clients.backupStorageLocations.list();
  const found =
    name === undefined
      ? locations.find((l) => l.spec.default === true)
      : locations.find((l) => l.metadata.name === name);
  if (found !== undefined) return found;
  throw new LocationError(
    name === undefined
      ? `the ${describeSide(source)} has no default backup storage location; name one with --storage-location`
      : `backup storage location "${name}" does not exist in the ${describeSide(source)}`,
  );
}

/** What the target will use (before anything is created). */
export interface TargetLocationChoice {
  readonly name: string;
  /** True when it exists already (same provider, bucket and prefix). */
  readonly exists: boolean;
  readonly credential: SecretKeySelector;
}

/** Picks the target location without changing anything (also the dry-run's answer). */
export async function chooseTargetLocation(
  source: ClusterSide,
  target: ClusterSide,
  from: BackupStorageLocation,
): Promise<TargetLocationChoice> {
  const existing = findMatchingLocation(await target.clients.backupStorageLocations.list(), from);
  if (existing !== undefined) {
    return {
      name: existing.metadata.name ?? "",
      exists: true,
      credential: sourceCredentialRef(from),
    };
  }
  return {
    name: targetLocationName(source.contextName),
    exists: false,
    credential: sourceCredentialRef(from),
  };
}

async function copyCredentials(
  source: ClusterSide,
  target: ClusterSide,
  ref: SecretKeySelector,
  name: string,
): Promise<SecretKeySelector | undefined> {
  let secret: SecretObject;
  try {
    secret = await source.ctx
      .resources<SecretObject>(secretsType)
      .get(ref.name ?? "", source.namespace);
  } catch (error) {
    if (isNotFound(error) && ref.name === INSTALL_CREDENTIALS.name) return undefined;
    throw error;
  }
  const copy = buildCredentialSecret({
    source: secret,
    key: ref.key,
    name,
    namespace: target.namespace,
  });
  const secrets = target.ctx.resources<SecretObject>(secretsType);
  try {
    await secrets.create(copy, { namespace: target.namespace });
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    const current = await secrets.get(name, target.namespace);
    await secrets.replace(
      {
        ...copy,
        metadata: { ...copy.metadata, resourceVersion: current.metadata?.resourceVersion },
      },
      { namespace: target.namespace },
    );
  }
  return { name, key: ref.key };
}

async function createLocation(
  source: ClusterSide,
  target: ClusterSide,
  from: BackupStorageLocation,
  choice: TargetLocationChoice,
): Promise<void> {
  const credential = await copyCredentials(source, target, choice.credential, choice.name);
  const location = buildTargetLocation({
    source: from,
    name: choice.name,
    namespace: target.namespace,
    credential,
  });
  try {
    await target.clients.backupStorageLocations.create(location);
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    throw new LocationError(
      `backup storage location "${choice.name}" exists in the ${describeSide(target)} but points at another bucket or prefix; delete or rename it`,
    );
  }
}

/** Waits until the target location is Available; the error quotes its status message. */
async function waitAvailable(target: ClusterSide, name: string, deadline: Deadline): Promise<void> {
  let last: BackupStorageLocation | undefined;
  try {
    await deadline.poll(
      `location "${name}" in the ${describeSide(target)} to become Available`,
      async () => {
        last = await target.clients.backupStorageLocations.get(name);
        return last.status?.phase === "Available" ? true : undefined;
      },
    );
  } catch (error) {
    if (!(error instanceof MigrationTimeoutError)) throw error;
    const message = last?.status?.message;
    throw new LocationError(
      `backup storage location "${name}" in the ${describeSide(target)} did not become Available` +
        (message === undefined || message === "" ? "" : `: ${message}`),
    );
  }
}

/** Makes the target read the source location's bucket; resolves with the target location's name. */
export async function pointTargetAtSource(
  input: {
    readonly source: ClusterSide;
    readonly target: ClusterSide;
    readonly from: BackupStorageLocation;
  },
  deadline: Deadline,
): Promise<TargetLocationChoice> {
  const choice = await chooseTargetLocation(input.source, input.target, input.from);
  if (!choice.exists) await createLocation(input.source, input.target, input.from, choice);
  await copyRepositoryPassword({
    source: input.source,
    target: input.target,
    sourceLocation: input.from.metadata.name ?? "",
    targetLocation: choice.name,
  });
  await waitAvailable(input.target, choice.name, deadline);
  return choice;
}
