// Field selectors (`metadata.name=x,spec.nodeName!=y`): parsing, the fields each resource
// supports (as the real API server restricts them), and matching against objects.
import { ApiError } from "../cluster-api.js";
import type { KubeObject } from "../cluster-api.js";

/** One `field=value` or `field!=value` term. */
export interface FieldRequirement {
  readonly field: string;
  readonly value: string;
  readonly negate: boolean;
}

const COMMON = ["metadata.name", "metadata.namespace"];

const EXTRA_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "/pods": [
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
  ],
  "/events": [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
  ],
  "/secrets": ["type"],
  "/nodes": ["spec.unschedulable"],
  "/namespaces": ["status.phase"],
  "/replicationcontrollers": ["status.replicas"],
  "apps/replicasets": ["status.replicas"],
  "batch/jobs": ["status.successful"],
  "certificates.k8s.io/certificatesigningrequests": ["spec.signerName"],
};

/** Parses `text`; throws 400 BadRequest when a term is malformed or names an unsupported field. */
export function parseFieldSelector(
  text: string | undefined,
  storageKey: string,
  selectable: readonly string[] = [],
): FieldRequirement[] {
  if (text === undefined || text.trim() === "") return [];
  const allowed = new Set([...COMMON, ...(EXTRA_FIELDS[storageKey] ?? []), ...selectable]);
  return text.split(",").map((term) => {
    const match = /^\s*([^!=\s]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(term);
    if (match === null) {
      throw new ApiError(
        400,
        "BadRequest",
        `invalid selector: '${text}'; can't understand '${term}'`,
      );
    }
    const field = match[1] ?? "";
    if (!allowed.has(field)) {
      throw new ApiError(400, "BadRequest", `field label not supported: ${field}`);
    }
    return { field, value: match[3] ?? "", negate: match[2] === "!=" };
  });
}

const FALSE_WHEN_UNSET = new Set(["spec.unschedulable", "spec.hostNetwork"]);

function lookup(object: KubeObject, field: string): unknown {
  let current: unknown = object;
  for (const part of field.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

/** The string value a field selector compares for `field` of `object` ("" when absent). */
export function fieldValue(object: KubeObject, field: string): string {
  const value = field === "source" ? lookup(object, "source.component") : lookup(object, field);
  if (value === undefined && FALSE_WHEN_UNSET.has(field)) return "false";
  return scalarText(value);
}

/** True when `object` satisfies every requirement. */
export function matchesFields(
  requirements: readonly FieldRequirement[],
  object: KubeObject,
): boolean {
  return requirements.every((req) => (fieldValue(object, req.field) === req.value) !== req.negate);
}
