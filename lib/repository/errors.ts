// Repository error classes: every failure a caller may want to tell apart has its own stable code.
import { VeleroError, type VeleroErrorOptions } from "../errors.js";

/** No repository format record exists under the prefix. */
export class RepositoryNotFoundError extends VeleroError {
  constructor(prefix: string, options: VeleroErrorOptions = {}) {
    super("RepositoryNotFound", `no repository at "${prefix}"`, options);
  }
}

/** `initRepository` found a format record already there. */
export class RepositoryExistsError extends VeleroError {
  constructor(prefix: string) {
    super("RepositoryExists", `a repository already exists at "${prefix}"`);
  }
}

/** The format record has a major version (or algorithm) this reader does not know. */
export class UnsupportedFormatError extends VeleroError {
  constructor(message: string) {
    super("UnsupportedRepositoryFormat", message);
  }
}

/** The password does not unwrap the repository's master key. */
export class WrongPasswordError extends VeleroError {
  constructor() {
    super("WrongRepositoryPassword", "the repository password is wrong");
  }
}

/** A pack object is missing from the store; `packKey` names it. */
export class MissingPackError extends VeleroError {
  readonly packKey: string;
  constructor(packKey: string, options: VeleroErrorOptions = {}) {
    super("MissingPack", `pack "${packKey}" is missing from the repository`, options);
    this.packKey = packKey;
  }
}

/** A pack object's bytes fail authentication or their chunk hash; `packKey` names it. */
export class CorruptPackError extends VeleroError {
  readonly packKey: string;
  constructor(packKey: string, detail: string, options: VeleroErrorOptions = {}) {
    super("CorruptPack", `pack "${packKey}" is corrupted: ${detail}`, options);
    this.packKey = packKey;
  }
}

/** A metadata blob (index or snapshot record) fails authentication or does not parse. */
export class CorruptBlobError extends VeleroError {
  readonly key: string;
  constructor(key: string, detail: string, options: VeleroErrorOptions = {}) {
    super("CorruptBlob", `"${key}" is corrupted: ${detail}`, options);
    this.key = key;
  }
}

/** A chunk a tree refers to is in no index. */
export class MissingChunkError extends VeleroError {
  readonly chunkId: string;
  constructor(chunkId: string) {
    super("MissingChunk", `chunk ${chunkId} is not in any index of the repository`);
    this.chunkId = chunkId;
  }
}

/** No snapshot with this id. */
export class SnapshotNotFoundError extends VeleroError {
  readonly snapshotId: string;
  constructor(snapshotId: string) {
    super("SnapshotNotFound", `snapshot "${snapshotId}" not found`);
    this.snapshotId = snapshotId;
  }
}

/** A backup or restore stopped because its AbortSignal fired; nothing was committed. */
export class OperationAbortedError extends VeleroError {
  constructor(operation: string, options: VeleroErrorOptions = {}) {
    super("OperationAborted", `${operation} was aborted`, options);
  }
}

/** A snapshot holds a name or link that would write outside the restore target. */
export class UnsafePathError extends VeleroError {
  readonly path: string;
  constructor(path: string, detail: string) {
    super("UnsafePath", `refusing to restore "${path}": ${detail}`);
    this.path = path;
  }
}

/** The source directory of a backup cannot be read as a directory. */
export class InvalidSourceError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("InvalidBackupSource", message, options);
  }
}

/** Another writer holds the repository in a way that conflicts with the request. */
export class RepositoryBusyError extends VeleroError {
  constructor(message: string) {
    super("RepositoryBusy", message, { retryable: true });
  }
}
