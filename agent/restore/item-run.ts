// The state of restoring one item: where its warnings and errors go, its key and log, and the
// messages Velero uses to name it.
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { RestoreContext } from "./restore-context.js";
import { RestoreResults } from "./restore-results.js";
import type { ItemKey } from "./restored-items.js";

/** One item being restored (additional items get their own). */
export interface ItemRun {
  readonly ctx: RestoreContext;
  /** This item's warnings and errors (those of its additional items merged in). */
  readonly results: RestoreResults;
  readonly log: Logger;
  readonly groupResource: string;
  /** The namespace restored into (`""` for cluster-scoped items). */
  readonly targetNamespace: string;
  readonly key: ItemKey;
  /** Velero's resource ID: `<gr>/<ns>/<name>` or `<gr>/<name>`. */
  readonly resourceId: string;
}

/** Velero's getResourceID. */
export function resourceIdOf(groupResource: string, namespace: string, name: string): string {
  return namespace === "" ? `${groupResource}/${name}` : `${groupResource}/${namespace}/${name}`;
}

/** `<ns>/<name>` or `<name>` (Velero's kube.NamespaceAndName). */
export function namespaceAndName(object: KubeObject): string {
  const metadata = object.metadata ?? {};
  const name = metadata.name ?? "";
  return metadata.namespace === undefined || metadata.namespace === ""
    ? name
    : `${metadata.namespace}/${name}`;
}

/** Adds a warning of the item to its namespace bucket. */
export function warn(run: ItemRun, message: string): void {
  run.results.warnings.add(run.targetNamespace, message);
}

/** Adds an error of the item to its namespace bucket. */
export function fail(run: ItemRun, message: string): void {
  run.results.errors.add(run.targetNamespace, message);
}

/** A fresh result holder for an item. */
export function newItemResults(): RestoreResults {
  return new RestoreResults();
}
