// Object and namespace names checked before anything is sent, with the API server's wording,
// so a bad name fails on the client with a message that names it.
import { UsageError } from "../errors.js";

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` is not an RFC 1123 subdomain (an object name), or undefined when it is one. */
export function subdomainProblem(name: string): string | undefined {
  if (name.length > 253) return "must be no more than 253 characters";
  if (!subdomain.test(name)) {
    return (
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or " +
      "'.', and must start and end with an alphanumeric character (e.g. 'example.com')"
    );
  }
  return undefined;
}

/** Why `name` is not an RFC 1123 label (a namespace name), or undefined when it is one. */
export function labelProblem(name: string): string | undefined {
  if (name.length > 63) return "must be no more than 63 characters";
  if (!label.test(name)) {
    return (
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
      "and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')"
    );
  }
  return undefined;
}

/**
 * Throws {@link UsageError} unless `name` can name an object of `kind` (an RFC 1123
 * subdomain, as the API server requires for custom resources): `invalid backup name "A_b": ...`.
 */
export function requireObjectName(kind: string, name: string): string {
  const problem = subdomainProblem(name);
  if (problem !== undefined) throw new UsageError(`invalid ${kind} name "${name}": ${problem}`);
  return name;
}
