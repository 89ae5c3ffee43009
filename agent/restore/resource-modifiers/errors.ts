// Errors of resource modifiers: a configuration that cannot be used (the restore fails
// validation) and patches that do not apply to one item (an error of that item).
import { VeleroError } from "../../../lib/errors.js";

/** Where reading a modifier configuration failed: its text, or the rules it holds. */
export type ResourceModifierConfigStage = "parse" | "validate";

/**
 * The modifier ConfigMap cannot be used. `stage` tells Velero's two validation messages
 * apart ("Error in parsing ..." and "Validation error in ...").
 */
export class ResourceModifierConfigError extends VeleroError {
  readonly stage: ResourceModifierConfigStage;

  constructor(stage: ResourceModifierConfigStage, message: string) {
    super("ResourceModifierConfig", message);
    this.stage = stage;
  }
}

/** A patch could not be applied to an item (bad path, wrong type, bad directive, ...). */
export class PatchError extends VeleroError {
  constructor(message: string, code = "PatchFailed") {
    super(code, message);
  }
}

/** A JSON Patch path (or `from`) names a location that does not exist. */
export class PatchMissingPathError extends PatchError {
  constructor(message: string) {
    super(message, "PatchMissingPath");
  }
}

/** A JSON Patch `test` operation found another value: the patch is skipped, not failed. */
export class PatchTestFailedError extends PatchError {
  constructor(message: string) {
    super(message, "PatchTestFailed");
  }
}
