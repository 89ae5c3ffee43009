// Opens the file-system backup repository of (location, volume namespace) for the node-agent:
// the location's object store (credentials Secret or the install's file, CA), the repository
// prefix from the bucket layout, and the location's repository password.
import {
  REPOSITORY_CREDENTIALS_SECRET,
  REPOSITORY_PASSWORD_KEY,
  locationPasswordKey,
  storedLocationPassword,
  type BackupStorageLocation,
  type SecretKeySelector,
} from "../lib/api/index.js";
import { BackupStoreLayout } from "../lib/backup-store/index.js";
import type { Clock } from "../lib/clock.js";
import { VeleroError } from "../lib/errors.js";
import {
  NotFoundError,
  ResourceClient,
  type KubeObject,
  type KubeRestClient,
  type VeleroClients,
} from "../lib/kube/index.js";
import type { Logger } from "../lib/log.js";
import { openRepository, type Repository } from "../lib/repository/index.js";
import { createObjectStore, type ObjectStore } from "../lib/storage/index.js";

/** A location, Secret or password the node-agent needs is missing or unusable. */
export class RepositoryAccessError extends VeleroError {
  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super("RepositoryAccess", message, options);
  }
}

interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

/** Options of {@link RepositoryAccess}. */
export interface RepositoryAccessOptions {
  readonly velero: VeleroClients;
  readonly rest: KubeRestClient;
  readonly credentialsFile: string | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Node-local directory for the repositories' key caches (so the password KDF runs once per
   * node, not per volume); as sensitive as the passwords. None: every open runs the KDF.
   */
  readonly cacheDir?: string;
}

/** What {@link RepositoryAccess.open} returns. */
export interface OpenedRepository {
  readonly location: BackupStorageLocation;
  readonly repository: Repository;
  /** The repository's key prefix in the bucket (`<prefix>/kopia/<namespace>/`). */
  readonly prefix: string;
}

/** Opens repositories; see the file comment. */
export class RepositoryAccess {
  readonly #options: RepositoryAccessOptions;
  readonly #secrets: ResourceClient<SecretObject>;

  constructor(options: RepositoryAccessOptions) {
    this.#options = options;
    this.#secrets = new ResourceClient<SecretObject>(options.rest, {
      group: "",
      version: "v1",
      resource: "secrets",
      namespaced: true,
    });
  }

  /**
   * Opens the repository of `volumeNamespace` in `locationName`. Throws
   * {@link RepositoryAccessError} for a missing location or password, and the repository's
   * own errors (`RepositoryNotFoundError`, `WrongPasswordError`, ...) otherwise.
   */
  async open(locationName: string, volumeNamespace: string): Promise<OpenedRepository> {
    const location = await this.#location(locationName);
    const store = await this.#objectStore(location);
    const layout = new BackupStoreLayout(location.spec.objectStorage.prefix);
    const prefix = layout.repositoryPrefix("kopia", volumeNamespace);
    const repository = await openRepository({
      store,
      prefix,
      password: await this.password(locationName),
      clock: this.#options.clock,
      logger: this.#options.logger,
      ...(this.#options.cacheDir === undefined ? {} : { cacheDir: this.#options.cacheDir }),
    });
    return { location, repository, prefix };
  }

  /** The password of `location`'s repositories: its own key, else the common one. */
  async password(location: string): Promise<string> {
    const namespace = this.#options.velero.namespace;
    let secret: SecretObject;
    try {
      secret = await this.#secrets.get(REPOSITORY_CREDENTIALS_SECRET, namespace);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new RepositoryAccessError(
        `secret "${namespace}/${REPOSITORY_CREDENTIALS_SECRET}" with the repository password not found`,
        { retryable: true },
      );
    }
    const value = storedLocationPassword(secret.data, location);
    if (value === undefined) {
      throw new RepositoryAccessError(
        `secret "${REPOSITORY_CREDENTIALS_SECRET}" has neither key "${locationPasswordKey(location)}" nor "${REPOSITORY_PASSWORD_KEY}"`,
      );
    }
    return Buffer.from(value, "base64").toString("utf8");
  }

  async #location(name: string): Promise<BackupStorageLocation> {
    try {
      return await this.#options.velero.backupStorageLocations.get(name);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new RepositoryAccessError(`backup storage location "${name}" not found`);
    }
  }

  async #objectStore(bsl: BackupStorageLocation): Promise<ObjectStore> {
    const prefix = bsl.spec.objectStorage.prefix;
    const ca = await this.#caCert(bsl);
    return createObjectStore({
      name: bsl.metadata.name ?? "",
      provider: bsl.spec.provider,
      bucket: bsl.spec.objectStorage.bucket,
      ...(prefix === undefined ? {} : { prefix }),
      ...(bsl.spec.config === undefined ? {} : { config: bsl.spec.config }),
      ...(ca === undefined ? {} : { caCert: ca }),
      ...(await this.#credentials(bsl)),
      clock: this.#options.clock,
      logger: this.#options.logger,
    });
  }

  async #credentials(
    bsl: BackupStorageLocation,
  ): Promise<{ credentials: Buffer } | { credentialsFile: string } | Record<string, never>> {
    const ref = bsl.spec.credential;
    if (ref?.name !== undefined && ref.name !== "") {
      const value = await this.#secretValue(ref, bsl);
      return value === undefined ? {} : { credentials: value };
    }
    const file = this.#options.credentialsFile;
    return file === undefined ? {} : { credentialsFile: file };
  }

  async #caCert(bsl: BackupStorageLocation): Promise<Buffer | undefined> {
    const { caCert, caCertRef } = bsl.spec.objectStorage;
    if (caCertRef?.name !== undefined && caCertRef.name !== "") {
      return this.#secretValue(caCertRef, bsl);
    }
    return caCert === undefined || caCert === "" ? undefined : Buffer.from(caCert, "base64");
  }

  async #secretValue(
    ref: SecretKeySelector,
    bsl: BackupStorageLocation,
  ): Promise<Buffer | undefined> {
    const where = `backup storage location "${bsl.metadata.name ?? ""}"`;
    const secretName = ref.name ?? "";
    const secret = await this.#secrets
      .get(secretName, this.#options.velero.namespace)
      .catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
    const value = secret?.data?.[ref.key];
    if (value !== undefined) return Buffer.from(value, "base64");
    if (ref.optional === true) return undefined;
    const missing = secret === undefined ? "not found" : `has no key "${ref.key}"`;
    throw new RepositoryAccessError(`${where}: secret "${secretName}" ${missing}`);
  }
}
