// Errors of CSI snapshot backup and restore; each fails the item it happened to (the backup
// or restore goes on and ends PartiallyFailed).
import { VeleroError, type VeleroErrorOptions } from "../../lib/errors.js";

/** No VolumeSnapshotClass fits the PVC's driver (or an annotation names a wrong one). */
export class NoSnapshotClassError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("NoSnapshotClass", message, options);
  }
}

/** A PVC cannot be snapshotted as it is (no storage class, no bound volume). */
export class UnsnapshottableClaimError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("UnsnapshottableClaim", message, options);
  }
}

/** A VolumeSnapshot did not become ready within `csiSnapshotTimeout`, or reported an error. */
export class SnapshotNotReadyError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("SnapshotNotReady", message, options);
  }
}

/** A backed-up snapshot object lacks what a restore needs (bound content, snapshot handle). */
export class IncompleteSnapshotError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("IncompleteSnapshot", message, options);
  }
}
