// The error patch engines throw when a patch cannot apply; the API answers it with 422 or 400.

/** A patch that is malformed or does not apply to the object. */
export class PatchError extends Error {
  /** True when the patch itself is malformed (400) rather than not applicable (422). */
  readonly malformed: boolean;

  constructor(message: string, malformed = false) {
    super(message);
    this.name = "PatchError";
    this.malformed = malformed;
  }
}
