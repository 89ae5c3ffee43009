// Why a migration stopped: each error names the cluster and what the user can do about it.
import { VeleroError } from "../../lib/errors.js";

/** A cluster has no agent that answers (not installed, not running, or too slow). */
export class AgentUnavailableError extends VeleroError {
  constructor(message: string) {
    super("AgentUnavailable", message);
  }
}

/** The source has no usable backup storage location, or the target's cannot be used. */
export class LocationError extends VeleroError {
  constructor(message: string) {
    super("MigrationLocation", message);
  }
}

/** The backup holds kinds in API versions the target does not serve. */
export class MissingApiVersionsError extends VeleroError {
  readonly missing: readonly string[];
  constructor(target: string, missing: readonly string[]) {
    super(
      "MissingApiVersions",
      `the ${target} does not serve API versions the backup needs; nothing was restored:\n` +
        missing.map((m) => `  - ${m}`).join("\n") +
        "\nInstall the missing APIs (e.g. their CustomResourceDefinitions) on the target, or pass " +
        "--ignore-missing-api-versions to restore everything else.",
    );
    this.missing = missing;
  }
}

/** A step did not finish within `--timeout`. */
export class MigrationTimeoutError extends VeleroError {
  constructor(what: string) {
    super(
      "MigrationTimeout",
      `timed out waiting for ${what}; run the same command again to resume the migration`,
    );
  }
}

/** The backup did not complete, so nothing is restored. */
export class BackupUnsuccessfulError extends VeleroError {
  constructor(name: string, phase: string) {
    super(
      "MigrationBackupUnsuccessful",
      `backup "${name}" finished with phase ${phase}; nothing was restored (see \`kubectl velero backup describe ${name} --details\` on the source)`,
    );
  }
}

/** The restore ran but not everything arrived (the report says what). */
export class MigrationIncompleteError extends VeleroError {
  constructor(summary: string) {
    super("MigrationIncomplete", `the migration did not bring everything across: ${summary}`);
  }
}
