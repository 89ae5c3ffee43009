// Opens (and initialises when missing) the repository of one (location, volume namespace) from
// the agent: the location's store through LocationStores, the prefix from its bucket layout
// (`<prefix>/kopia/<namespace>/`), and the location's repository password.
import type { Clock } from "../../lib/clock.js";
import type { Logger } from "../../lib/log.js";
import {
  initRepository,
  openRepository,
  RepositoryExistsError,
  RepositoryNotFoundError,
  type Repository,
} from "../../lib/repository/index.js";
import type { LocationStores } from "../storage/index.js";
import type { RepositoryPasswords } from "./repository-password.js";

/** One repository: the volumes of one namespace in one location. */
export interface RepositoryTarget {
  readonly location: string;
  readonly volumeNamespace: string;
}

/** Options of {@link LocationRepositories}. */
export interface LocationRepositoriesOptions {
  readonly locations: Pick<LocationStores, "open">;
  readonly passwords: Pick<RepositoryPasswords, "password" | "ensure">;
  readonly clock: Clock;
  readonly logger: Logger;
  /** scrypt cost override for new repositories (tests use a cheap one). */
  readonly kdf?: { readonly n?: number };
}

/** What {@link LocationRepositories.open} returns. */
export interface OpenedTarget {
  readonly repository: Repository;
  readonly prefix: string;
  /** True when this call created the repository. */
  readonly created: boolean;
  /** The location is ReadOnly: its store refuses writes. */
  readonly readOnly: boolean;
}

/** Opens repositories of locations; see the file comment. */
export class LocationRepositories {
  readonly #options: LocationRepositoriesOptions;

  constructor(options: LocationRepositoriesOptions) {
    this.#options = options;
  }

  /**
   * Opens the target's repository. With `create`, a missing repository is initialised (and
   * the password Secret ensured); otherwise `RepositoryNotFoundError` is thrown. Throws the
   * location's and the repository's errors (`WrongPasswordError`, ...).
   */
  async open(target: RepositoryTarget, create = false): Promise<OpenedTarget> {
    const { location, volumeNamespace } = target;
    const opened = await this.#options.locations.open(location);
    const prefix = opened.store.layout.repositoryPrefix("kopia", volumeNamespace);
    const passwords = this.#options.passwords;
    const password = create ? await passwords.ensure(location) : await passwords.password(location);
    const options = {
      store: opened.objectStore,
      prefix,
      password,
      clock: this.#options.clock,
      logger: this.#options.logger,
    };
    try {
      const repository = await openRepository(options);
      return { repository, prefix, created: false, readOnly: opened.readOnly };
    } catch (error) {
      if (!(error instanceof RepositoryNotFoundError) || !create || opened.readOnly) throw error;
    }
    try {
      const kdf = this.#options.kdf;
      const repository = await initRepository({
        ...options,
        ...(kdf === undefined ? {} : { kdf }),
      });
      this.#options.logger.info("initialised a file-system backup repository", { prefix });
      return { repository, prefix, created: true, readOnly: false };
    } catch (error) {
      if (!(error instanceof RepositoryExistsError)) throw error;
      return { repository: await openRepository(options), prefix, created: false, readOnly: false };
    }
  }
}
