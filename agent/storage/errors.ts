// Errors of opening backup storage locations.
import { VeleroError } from "../../lib/errors.js";

/** No BackupStorageLocation of that name exists in the agent's namespace. */
export class LocationNotFoundError extends VeleroError {
  readonly location: string;
  constructor(location: string) {
    super("LocationNotFound", `backup storage location "${location}" not found`);
    this.location = location;
  }
}

/** A write or delete was attempted on a location whose accessMode is ReadOnly. */
export class ReadOnlyLocationError extends VeleroError {
  readonly location: string;
  constructor(location: string, operation: string) {
    super(
      "ReadOnlyLocation",
      `backup storage location "${location}" is ReadOnly: refusing to ${operation}`,
    );
    this.location = location;
  }
}

/** The location's credentials (Secret or default file) cannot be read. */
export class LocationCredentialsError extends VeleroError {
  constructor(message: string) {
    super("LocationCredentials", message);
  }
}
