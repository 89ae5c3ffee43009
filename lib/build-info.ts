// The version and commit this build was made from, shown by `version` and the agents.

/** The release version (kept equal to package.json's by a test). */
export const VERSION = "0.1.0";

declare const __GIT_COMMIT__: string | undefined;

/** The git commit of the build; the single-binary build defines it, otherwise "unknown". */
export const GIT_COMMIT: string = typeof __GIT_COMMIT__ === "string" ? __GIT_COMMIT__ : "unknown";

/** `v0.1.0`: the version as Velero prints it. */
export function displayVersion(): string {
  return `v${VERSION}`;
}
