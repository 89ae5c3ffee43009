// The error the release build throws for anything that stops it (a missing tool, a bad input).
import { VeleroError } from "../lib/errors.js";

/** The build cannot go on; the message says why and, where possible, what to do. */
export class PackagingError extends VeleroError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("Packaging", message, options);
  }
}
