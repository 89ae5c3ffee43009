// CLI error classes and how thrown errors become a message and an exit code.
import { VeleroError } from "../lib/errors.js";

/** A command line that can never work as given (bad flag value, missing argument): exit 2. */
export class UsageError extends VeleroError {
  constructor(message: string) {
    super("Usage", message);
  }
}

/** Ends the command with this exit code without printing anything more (e.g. `--help`). */
export class ExitRequest extends Error {
  readonly exitCode: number;
  constructor(exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = "ExitRequest";
    this.exitCode = exitCode;
  }
}

/** What the user is told and the process's exit code for a thrown value. */
export interface ErrorReport {
  readonly message: string;
  readonly exitCode: number;
}

/**
 * Usage errors exit 2, expected failures (every `VeleroError`) exit 1 with Velero's
 * `An error occurred: ...` prefix, anything else is a bug in this program and says so.
 */
export function reportFor(error: unknown): ErrorReport {
  if (error instanceof ExitRequest) return { message: "", exitCode: error.exitCode };
  if (error instanceof UsageError) {
    return { message: `Error: ${error.message}`, exitCode: 2 };
  }
  if (error instanceof VeleroError) {
    return { message: `An error occurred: ${error.message}`, exitCode: 1 };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    message: `An internal error occurred (this is a bug in kubectl-velero; please report it with this output):\n${detail}`,
    exitCode: 1,
  };
}
