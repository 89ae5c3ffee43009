// Compares a restored object with its original after the fields Velero strips or rewrites on
// restore (server-owned metadata, status, restore labels, re-allocated service IPs and ports,
// pod node names), for restore and migration tests.
import assert from "node:assert/strict";

/** A Kubernetes object as JSON. */
export type JsonObject = Record<string, unknown>;

/** Options of {@link comparableObject}. */
export interface CompareOptions {
  /** Replaces metadata.namespace (e.g. the original's namespace for a mapped restore). */
  readonly namespace?: string;
  /** Keep node ports (a restore with preserveNodePorts). */
  readonly keepNodePorts?: boolean;
  /** Keep status (a restore with restoreStatus for this resource). */
  readonly keepStatus?: boolean;
}

const serverMetadata = [
  "uid",
  "resourceVersion",
  "creationTimestamp",
  "generation",
  "managedFields",
  "selfLink",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "ownerReferences",
  "generateName",
];

const restoreLabels = ["velero.io/backup-name", "velero.io/restore-name"];

function record(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

function stripMetadata(metadata: JsonObject, options: CompareOptions): void {
  for (const field of serverMetadata) Reflect.deleteProperty(metadata, field);
  if (options.namespace !== undefined) metadata["namespace"] = options.namespace;
  const labels = record(metadata["labels"]);
  if (labels !== undefined) {
    for (const label of restoreLabels) Reflect.deleteProperty(labels, label);
    if (Object.keys(labels).length === 0) Reflect.deleteProperty(metadata, "labels");
  }
  const annotations = record(metadata["annotations"]);
  if (annotations !== undefined && Object.keys(annotations).length === 0) {
    Reflect.deleteProperty(metadata, "annotations");
  }
}

function stripService(spec: JsonObject, options: CompareOptions): void {
  if (spec["clusterIP"] !== "None") {
    Reflect.deleteProperty(spec, "clusterIP");
    Reflect.deleteProperty(spec, "clusterIPs");
  }
  if (options.keepNodePorts === true) return;
  Reflect.deleteProperty(spec, "healthCheckNodePort");
  const ports = Array.isArray(spec["ports"]) ? (spec["ports"] as unknown[]) : [];
  for (const port of ports) {
    const entry = record(port);
    if (entry !== undefined) Reflect.deleteProperty(entry, "nodePort");
  }
}

/**
 * A deep copy of `object` without what a restore legitimately changes: server-owned metadata,
 * the `velero.io/backup-name`/`restore-name` labels, status (unless kept), a Service's cluster
 * IPs and node ports, and a Pod's nodeName and priority.
 */
export function comparableObject(object: unknown, options: CompareOptions = {}): JsonObject {
  const copy = structuredClone(record(object) ?? {});
  const metadata = record(copy["metadata"]);
  if (metadata !== undefined) stripMetadata(metadata, options);
  if (options.keepStatus !== true) Reflect.deleteProperty(copy, "status");
  const spec = record(copy["spec"]);
  if (spec !== undefined && copy["kind"] === "Service") stripService(spec, options);
  if (spec !== undefined && copy["kind"] === "Pod") {
    Reflect.deleteProperty(spec, "nodeName");
    Reflect.deleteProperty(spec, "priority");
  }
  return copy;
}

/** Asserts that `restored` equals `original` after {@link comparableObject} on both. */
export function assertRestoredEqual(
  restored: unknown,
  original: unknown,
  options: CompareOptions = {},
  message?: string,
): void {
  assert.deepEqual(
    comparableObject(restored, options),
    comparableObject(original, options),
    message,
  );
}

/** The restore labels of a restored object, for tests that check them. */
export function restoreLabelsOf(object: unknown): Record<string, string | undefined> {
  const labels = record(record(record(object)?.["metadata"])?.["labels"]) ?? {};
  return Object.fromEntries(
    restoreLabels.map((l) => [l, typeof labels[l] === "string" ? labels[l] : undefined]),
  );
}
