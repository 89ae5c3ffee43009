// Validation of object names, label keys and values, with the real API server's messages.
import type { FieldCause } from "../api/api-context.js";
import { invalidValue } from "../api/api-errors.js";

/** How a kind's `metadata.name` is validated. */
export type NameRule = "subdomain" | "label" | "dns1035" | "path-segment";

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const SUBDOMAIN_TEXT =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_TEXT =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_TEXT =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_TEXT =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_TEXT =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** Problems with `name` under `rule` (empty when valid), as texts without the field prefix. */
export function nameProblems(name: string, rule: NameRule): string[] {
  switch (rule) {
    case "subdomain":
      return check(name, 253, SUBDOMAIN, SUBDOMAIN_TEXT);
    case "label":
      return check(name, 63, LABEL, LABEL_TEXT);
    case "dns1035":
      return check(name, 63, DNS1035, DNS1035_TEXT);
    case "path-segment":
      return pathSegmentProblems(name);
  }
}

function check(name: string, max: number, pattern: RegExp, text: string): string[] {
  const problems: string[] = [];
  if (name.length > max) problems.push(`must be no more than ${max} characters`);
  if (!pattern.test(name)) problems.push(text);
  return problems;
}

function pathSegmentProblems(name: string): string[] {
  if (name === "." || name === "..") return [`may not be '${name}'`];
  for (const bad of ["/", "%"]) {
    if (name.includes(bad)) return [`may not contain '${bad}'`];
  }
  return [];
}

/** Validates `metadata.name` under `rule`. */
export function validateName(name: string, rule: NameRule, field = "metadata.name"): FieldCause[] {
  return nameProblems(name, rule).map((problem) => invalidValue(field, name, problem));
}

/** Problems of a label or annotation key (`prefix/name`). */
export function qualifiedNameProblems(key: string): string[] {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const problems: string[] = [];
  if (prefix !== undefined) {
    problems.push(...check(prefix, 253, SUBDOMAIN, SUBDOMAIN_TEXT).map((p) => `prefix part ${p}`));
  }
  if (name === "") problems.push("name part must be non-empty");
  else if (name.length > 63) problems.push("name part must be no more than 63 characters");
  else if (!QUALIFIED_NAME.test(name)) problems.push(QUALIFIED_TEXT);
  return problems;
}

/** Validates `metadata.labels` keys and values. */
export function validateLabels(labels: unknown, field = "metadata.labels"): FieldCause[] {
  if (typeof labels !== "object" || labels === null) return [];
  const causes: FieldCause[] = [];
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    for (const problem of qualifiedNameProblems(key))
      causes.push(invalidValue(field, key, problem));
    const text = typeof value === "string" ? value : "";
    if (text.length > 63)
      causes.push(invalidValue(field, text, "must be no more than 63 characters"));
    else if (!LABEL_VALUE.test(text)) causes.push(invalidValue(field, text, VALUE_TEXT));
  }
  return causes;
}

/** Validates `metadata.annotations` keys. */
export function validateAnnotations(annotations: unknown): FieldCause[] {
  if (typeof annotations !== "object" || annotations === null) return [];
  return Object.keys(annotations).flatMap((key) =>
    qualifiedNameProblems(key.toLowerCase()).map((p) =>
      invalidValue("metadata.annotations", key, p),
    ),
  );
}
