// Reading and creating the file-system backup repositories' passwords in the Secret whose
// contract lib/api/repository-credentials.ts owns (created by `kubectl velero install`).
import { randomBytes } from "node:crypto";
import {
  REPOSITORY_CREDENTIALS_SECRET,
  REPOSITORY_PASSWORD_KEY,
  locationPasswordKey,
  storedLocationPassword,
} from "../../lib/api/index.js";
import { VeleroError } from "../../lib/errors.js";
import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  ResourceClient,
  type KubeObject,
  type KubeRestClient,
} from "../../lib/kube/index.js";

/** The password Secret is missing or has no usable key. */
export class RepositoryPasswordError extends VeleroError {
  constructor(message: string) {
    super("RepositoryPassword", message, { retryable: true });
  }
}

interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

/** Options of {@link RepositoryPasswords}. */
export interface RepositoryPasswordsOptions {
  readonly rest: KubeRestClient;
  /** The Velero namespace. */
  readonly namespace: string;
  /** Makes a new common password (default: 32 random bytes, base64url). */
  readonly generate?: () => string;
}

function decode(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  return Buffer.from(value, "base64").toString("utf8");
}

/** Reads (and, when asked, creates) repository passwords; see the file comment. */
export class RepositoryPasswords {
  readonly #options: RepositoryPasswordsOptions;
  readonly #secrets: ResourceClient<SecretObject>;

  constructor(options: RepositoryPasswordsOptions) {
    this.#options = options;
    this.#secrets = new ResourceClient<SecretObject>(options.rest, {
      group: "",
      version: "v1",
      resource: "secrets",
      namespaced: true,
    });
  }

  /** The password of `location`; {@link RepositoryPasswordError} when there is none. */
  async password(location: string): Promise<string> {
    const found = pick(await this.#read(), location);
    if (found !== undefined) return found;
    throw new RepositoryPasswordError(
      `secret "${this.#options.namespace}/${REPOSITORY_CREDENTIALS_SECRET}" has neither key "${locationPasswordKey(location)}" nor "${REPOSITORY_PASSWORD_KEY}"`,
    );
  }

  /**
   * The password of `location`, creating the Secret or its common key with a random password
   * when missing (as Velero's EnsureCommonRepositoryKey does, but never a static value). A
   * concurrent writer wins (create and replace are conditional) and its password is returned.
   */
  async ensure(location: string): Promise<string> {
    const secret = await this.#read();
    const found = pick(secret, location);
    if (found !== undefined) return found;
    const generated = (this.#options.generate ?? newPassword)();
    const encoded = Buffer.from(generated, "utf8").toString("base64");
    const namespace = this.#options.namespace;
    if (secret === undefined) {
      await this.#secrets
        .create({
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: REPOSITORY_CREDENTIALS_SECRET, namespace },
          type: "Opaque",
          data: { [REPOSITORY_PASSWORD_KEY]: encoded },
        })
        .catch((error: unknown) => {
          if (!(error instanceof AlreadyExistsError)) throw error;
        });
    } else {
      const data = { ...secret.data, [REPOSITORY_PASSWORD_KEY]: encoded };
      await this.#secrets.replace({ ...secret, data }, { namespace }).catch((error: unknown) => {
        if (!(error instanceof ConflictError)) throw error;
      });
    }
    return this.password(location);
  }

  async #read(): Promise<SecretObject | undefined> {
    try {
      return await this.#secrets.get(REPOSITORY_CREDENTIALS_SECRET, this.#options.namespace);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }
}

function pick(secret: SecretObject | undefined, location: string): string | undefined {
  return decode(storedLocationPassword(secret?.data, location));
}

function newPassword(): string {
  return randomBytes(32).toString("base64url");
}
