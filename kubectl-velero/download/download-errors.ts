// Errors of downloads through DownloadRequests, with Velero's messages.
import { VeleroError } from "../../lib/errors.js";

/** The signed URL answered 404: the file is not in the bucket (Velero's `ErrNotFound`). */
export class DownloadNotFoundError extends VeleroError {
  constructor() {
    super("DownloadNotFound", "file not found");
  }
}

/** No download URL within the timeout: the agent did not process the DownloadRequest. */
export class DownloadTimeoutError extends VeleroError {
  constructor() {
    super(
      "DownloadTimeout",
      "download request download url timeout, check velero server logs for errors. backup storage location may not be available",
    );
  }
}

/** The download URL answered with an error, or could not be fetched at all. */
export class DownloadFailedError extends VeleroError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("DownloadFailed", message, options);
  }
}
