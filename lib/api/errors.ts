// Error classes of the velero.io API module: malformed objects, durations and timestamps.
import { VeleroError, type VeleroErrorOptions } from "../errors.js";

/**
 * A JSON or YAML value that does not fit a velero.io type. `field` is the JSON path of the
 * first offending field in Kubernetes' notation (`spec.hooks.resources[0].name`), or `""`
 * when the value as a whole is wrong.
 */
export class InvalidObjectError extends VeleroError {
  readonly field: string;

  constructor(field: string, message: string, options: VeleroErrorOptions = {}) {
    super("InvalidObject", field === "" ? message : `${field}: ${message}`, options);
    this.field = field;
  }
}

/** A string that is not a Go duration (`"720h0m0s"`, `"10m"`, `"1.5s"`). */
export class InvalidDurationError extends VeleroError {
  constructor(value: string) {
    super("InvalidDuration", `invalid duration ${JSON.stringify(value)}`);
  }
}

/** A string that is not an RFC 3339 timestamp (`"2024-01-02T03:04:05Z"`). */
export class InvalidTimeError extends VeleroError {
  constructor(value: string) {
    super("InvalidTime", `invalid RFC 3339 time ${JSON.stringify(value)}`);
  }
}
