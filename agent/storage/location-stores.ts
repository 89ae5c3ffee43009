// Opens the BackupStore of a BackupStorageLocation: the provider from its spec, credentials
// from the Secret `spec.credential` names (or the install's default credentials file), the CA
// from `caCert`/`caCertRef`, and a read-only guard for ReadOnly locations.
import type { BackupStorageLocation, SecretKeySelector } from "../../lib/api/index.js";
import { ObjectBackupStore, type BackupStore } from "../../lib/backup-store/index.js";
import type { Clock } from "../../lib/clock.js";
import {
  NotFoundError,
  ResourceClient,
  type KubeObject,
  type KubeRestClient,
  type VeleroClients,
} from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import { createObjectStore, type ObjectStore } from "../../lib/storage/index.js";
import { LocationCredentialsError, LocationNotFoundError } from "./errors.js";
import { ReadOnlyObjectStore } from "./read-only-object-store.js";

/** An opened location. */
export interface OpenedLocation {
  readonly location: BackupStorageLocation;
  readonly objectStore: ObjectStore;
  readonly store: BackupStore;
  readonly readOnly: boolean;
}

/** Options of {@link LocationStores}. */
export interface LocationStoresOptions {
  readonly velero: VeleroClients;
  readonly rest: KubeRestClient;
  /** The install's credentials file (`/credentials/cloud`), used when a location names none. */
  readonly defaultCredentialsFile?: string | undefined;
  /** The location used when a backup names none and no location is marked default. */
  readonly defaultLocationName: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

const secrets = { group: "", version: "v1", resource: "secrets", namespaced: true };

/** Looks up locations and opens their stores. */
export class LocationStores {
  private readonly options: LocationStoresOptions;
  private readonly secrets: ResourceClient<SecretObject>;

  constructor(options: LocationStoresOptions) {
    this.options = options;
    this.secrets = new ResourceClient<SecretObject>(options.rest, secrets);
  }

  /** The location named `name`; `LocationNotFoundError` when there is none. */
  async get(name: string): Promise<BackupStorageLocation> {
    try {
      return await this.options.velero.backupStorageLocations.get(name);
    } catch (error) {
      if (error instanceof NotFoundError) throw new LocationNotFoundError(name);
      throw error;
    }
  }

  /** The location with `spec.default: true`, else the configured default name, if it exists. */
  async defaultLocation(): Promise<BackupStorageLocation | undefined> {
    const all = await this.options.velero.backupStorageLocations.list();
    return (
      all.find((l) => l.spec.default === true) ??
      all.find((l) => l.metadata.name === this.options.defaultLocationName)
    );
  }

  /** Opens a location (by name or object). ReadOnly locations refuse every write and delete. */
  async open(location: string | BackupStorageLocation): Promise<OpenedLocation> {
    const bsl = typeof location === "string" ? await this.get(location) : location;
    const name = bsl.metadata.name ?? "";
    const raw = await createObjectStore({
      name,
      provider: bsl.spec.provider,
      bucket: bsl.spec.objectStorage.bucket,
      ...(bsl.spec.objectStorage.prefix === undefined
        ? {}
        : { prefix: bsl.spec.objectStorage.prefix }),
      ...(bsl.spec.config === undefined ? {} : { config: bsl.spec.config }),
      ...(await this.caCert(bsl)),
      ...(await this.credentials(bsl)),
      ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
      ...(this.options.logger === undefined ? {} : { logger: this.options.logger }),
    });
    const readOnly = bsl.spec.accessMode === "ReadOnly";
    const objectStore = readOnly ? new ReadOnlyObjectStore(raw, name) : raw;
    const store = new ObjectBackupStore({
      store: objectStore,
      ...(bsl.spec.objectStorage.prefix === undefined
        ? {}
        : { prefix: bsl.spec.objectStorage.prefix }),
      ...(this.options.logger === undefined ? {} : { logger: this.options.logger }),
    });
    return { location: bsl, objectStore, store, readOnly };
  }

  private async credentials(
    bsl: BackupStorageLocation,
  ): Promise<{ credentials: Buffer } | { credentialsFile: string } | Record<string, never>> {
    const ref = bsl.spec.credential;
    if (ref?.name !== undefined && ref.name !== "") {
      const value = await this.secretValue(ref, bsl);
      return value === undefined ? {} : { credentials: value };
    }
    const file = this.options.defaultCredentialsFile;
    return file === undefined ? {} : { credentialsFile: file };
  }

  private async caCert(
    bsl: BackupStorageLocation,
  ): Promise<{ caCert: Buffer } | Record<string, never>> {
    const { caCert, caCertRef } = bsl.spec.objectStorage;
    if (caCertRef?.name !== undefined && caCertRef.name !== "") {
      const value = await this.secretValue(caCertRef, bsl);
      return value === undefined ? {} : { caCert: value };
    }
    return caCert === undefined || caCert === "" ? {} : { caCert: Buffer.from(caCert, "base64") };
  }

  private async secretValue(
    ref: SecretKeySelector,
    bsl: BackupStorageLocation,
  ): Promise<Buffer | undefined> {
    const namespace = this.options.velero.namespace;
    const where = `backup storage location "${bsl.metadata.name ?? ""}"`;
    const secretName = ref.name ?? "";
    let secret: SecretObject;
    try {
      secret = await this.secrets.get(secretName, namespace);
    } catch (error) {
      if (error instanceof NotFoundError && ref.optional === true) return undefined;
      if (error instanceof NotFoundError) {
        throw new LocationCredentialsError(
          `${where}: secret "${namespace}/${secretName}" not found`,
        );
      }
      throw error;
    }
    const value = secret.data?.[ref.key];
    if (value === undefined) {
      if (ref.optional === true) return undefined;
      throw new LocationCredentialsError(
        `${where}: secret "${secretName}" has no key "${ref.key}"`,
      );
    }
    return Buffer.from(value, "base64");
  }
}
