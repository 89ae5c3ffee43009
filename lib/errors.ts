// The base error class every domain error extends: a stable `code`, an ES2022 `cause`, and
// whether retrying the same operation may succeed.

/** Options accepted by every {@link VeleroError} subclass. */
export interface VeleroErrorOptions {
  readonly cause?: unknown;
  /** True when repeating the same operation later may succeed (throttling, 5xx, resets). */
  readonly retryable?: boolean;
}

/**
 * Base class of every error this project throws on purpose. `code` is stable and meant for
 * programs (tests, the CLI's exit mapping); `message` is for people and must never contain
 * credentials.
 */
export class VeleroError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: VeleroErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** An argument or input that can never succeed as given; the message says which and why. */
export class InvalidInputError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("InvalidInput", message, options);
  }
}

/** True when `error` is a {@link VeleroError} marked retryable. Unknown errors are not retried. */
export function isRetryable(error: unknown): boolean {
  return error instanceof VeleroError && error.retryable;
}

/** The message of any thrown value, for logs and status fields. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
