// Step 2, volumes: the target must open the source's file-system backup repositories, so the
// source location's repository password is copied into the target's password Secret under the
// target location's own key (the contract of lib/api/repository-credentials.ts).
import {
  REPOSITORY_CREDENTIALS_SECRET,
  locationPasswordKey,
  storedLocationPassword,
} from "../../lib/api/index.js";
import { AlreadyExistsError, isNotFound, type ResourceType } from "../../lib/kube/index.js";
import type { ClusterSide } from "./cluster-side.js";
import type { SecretObject } from "./target-location.js";

/** The source location's password value (base64, as stored): its own key, else the common one. */
export function sourcePassword(secret: SecretObject, location: string): string | undefined {
  return storedLocationPassword(secret.data, location);
}

const secretsType: ResourceType = {
  group: "",
  version: "v1",
  resource: "secrets",
  namespaced: true,
  kind: "Secret",
};

/**
 * Copies the password; false when the source has none (no file-system backups there yet).
 * Creates the target's Secret when missing, else merges the one key into it.
 */
export async function copyRepositoryPassword(input: {
  readonly source: ClusterSide;
  readonly target: ClusterSide;
  readonly sourceLocation: string;
  readonly targetLocation: string;
}): Promise<boolean> {
  let secret: SecretObject;
  try {
    secret = await input.source.ctx
      .resources<SecretObject>(secretsType)
      .get(REPOSITORY_CREDENTIALS_SECRET, input.source.namespace);
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  const value = sourcePassword(secret, input.sourceLocation);
  if (value === undefined) return false;
  const data = { [locationPasswordKey(input.targetLocation)]: value };
  const secrets = input.target.ctx.resources<SecretObject>(secretsType);
  const namespace = input.target.namespace;
  try {
    await secrets.create(
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: REPOSITORY_CREDENTIALS_SECRET, namespace },
        type: "Opaque",
        data,
      },
      { namespace },
    );
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    await secrets.patch(REPOSITORY_CREDENTIALS_SECRET, { data }, { namespace, type: "merge" });
  }
  return true;
}
