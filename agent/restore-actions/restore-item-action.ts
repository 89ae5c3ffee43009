// The seam through which restore item actions (Velero's RestoreItemAction plugins) change an
// item before it is created, name items to restore with it, or drop it.
import type { Restore } from "../../lib/api/index.js";
import type { KubeObject, KubeRestClient } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { ResourceIdentifier, ResourceSelector } from "../item-actions/index.js";

export type { ResourceIdentifier, ResourceSelector };

/** What an action is given for one item. */
export interface RestoreItemActionInput {
  /**
   * The item about to be created: metadata and status already reset, still in its backed-up
   * namespace (the target namespace is set after every action ran). The action may change it
   * in place or return another object.
   */
  readonly item: KubeObject;
  /** The item exactly as read from the backup (status included); do not change it. */
  readonly itemFromBackup: Readonly<KubeObject>;
  /** `pods`, `deployments.apps`, ... */
  readonly groupResource: string;
  /** The namespace the item is restored into (`""` for cluster-scoped items). */
  readonly targetNamespace: string;
  /** The Restore as it runs (spec resolved: backupName, namespaceMapping, preserveNodePorts...). */
  readonly restore: Restore;
  /** The restore's log, with the item's resource, namespace and name as fields. */
  readonly log: Logger;
}

/** What an action returns. */
export interface RestoreItemActionOutput {
  /** The item to go on with. */
  readonly item: KubeObject;
  /**
   * Items restored right away, before this item is created (a PVC's PV, a pod's PVCs).
   * Namespaced identifiers name the item's *backed-up* namespace.
   */
  readonly additionalItems?: readonly ResourceIdentifier[];
  /** True to leave the item out of the restore (recorded as skipped). */
  readonly skipRestore?: boolean;
}

/**
 * A restore item action. Contract: `execute` is called for every restored item the selector
 * matches (the selector's labels are matched against the item's labels), in registration
 * order; calls for different items may run concurrently. A thrown error fails that item
 * (`error preparing <resource>/<ns>/<name>: <message>` in the restore's errors), not the restore.
 */
export interface RestoreItemAction {
  /** Velero's registered name, e.g. `velero.io/pod`. */
  readonly name: string;
  appliesTo(): ResourceSelector;
  execute(input: RestoreItemActionInput): Promise<RestoreItemActionOutput>;
}

/** What an action may use when it is set up for one restore. */
export interface RestoreActionSetup {
  readonly rest: KubeRestClient;
  readonly log: Logger;
}

/** Creates an action for one restore. */
export type RestoreItemActionFactory = (setup: RestoreActionSetup) => RestoreItemAction;

/** Wraps a synchronous `execute` so that a throw becomes a rejected promise. */
export function syncExecute(
  execute: (input: RestoreItemActionInput) => RestoreItemActionOutput,
): (input: RestoreItemActionInput) => Promise<RestoreItemActionOutput> {
  return (input) =>
    new Promise((resolve) => {
      resolve(execute(input));
    });
}
