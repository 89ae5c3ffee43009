// Errors of the backup engine that end a backup (as opposed to item errors, which are logged).
import { VeleroError, type VeleroErrorOptions } from "../../lib/errors.js";

/** Writing to the backup archive failed (its upload broke): the backup cannot go on. */
export class ArchiveWriteError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("ArchiveWrite", message, options);
  }
}

/** The backup already exists in the location (`backup already exists in object storage`). */
export class BackupExistsError extends VeleroError {
  constructor() {
    super("BackupExists", "backup already exists in object storage");
  }
}
