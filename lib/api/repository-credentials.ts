// Where the file-system backup repositories' passwords live: the Secret `velero-repo-credentials`
// (Velero's name) in the Velero namespace. A location uses its own key
// `repository-password-<location>` when present, else the common `repository-password`
// (Velero has one static password for everything). The agent, the node-agent, `install` and
// `migrate` all read this contract from here.

/** The Secret holding repository passwords. */
export const REPOSITORY_CREDENTIALS_SECRET = "velero-repo-credentials";
/** The key every location uses unless it has its own. */
export const REPOSITORY_PASSWORD_KEY = "repository-password";

/** The key of `location`'s own password. */
export function locationPasswordKey(location: string): string {
  return `${REPOSITORY_PASSWORD_KEY}-${location}`;
}

/**
 * The stored (base64) password value for `location` in the Secret's `data`: its own key when
 * set and non-empty, else the common key; undefined when neither holds a value.
 */
export function storedLocationPassword(
  data: Readonly<Record<string, string>> | undefined,
  location: string,
): string | undefined {
  const own = data?.[locationPasswordKey(location)];
  if (own !== undefined && own !== "") return own;
  const common = data?.[REPOSITORY_PASSWORD_KEY];
  return common === undefined || common === "" ? undefined : common;
}
