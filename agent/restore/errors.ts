// Errors that end a restore (as opposed to item errors, which go into the restore's results).
import { VeleroError, type VeleroErrorOptions } from "../../lib/errors.js";

/** `--restore-resource-priorities` is malformed (more than one `-` separator). */
export class RestorePrioritiesError extends VeleroError {
  constructor(message: string) {
    super("RestorePriorities", message);
  }
}

/** The backup's archive could not be read: the restore fails before touching the cluster. */
export class BackupArchiveError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("BackupArchive", message, options);
  }
}
