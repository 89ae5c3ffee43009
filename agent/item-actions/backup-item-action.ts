// The seam through which backup item actions (Velero's BackupItemAction plugins) change an item
// before it is written and name related items to back up with it: built-in actions now, hooks
// and CSI later.
import type { Backup, LabelSelector } from "../../lib/api/index.js";
import type { KubeObject, KubeRestClient } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";

/** An item to back up as well: a group-resource (`persistentvolumes`), namespace and name. */
export interface ResourceIdentifier {
  /** `persistentvolumeclaims`, `clusterroles.rbac.authorization.k8s.io`, ... */
  readonly groupResource: string;
  /** Absent or `""` for cluster-scoped items. */
  readonly namespace?: string;
  readonly name: string;
}

/**
 * Which items an action applies to, as Velero's ResourceSelector: resource names (resolved
 * through discovery, so `pods` and `customresourcedefinition.apiextensions.k8s.io` both work),
 * namespaces (an action restricted to namespaces never sees cluster-scoped items) and labels.
 * Empty lists mean everything.
 */
export interface ResourceSelector {
  readonly includedResources?: readonly string[];
  readonly excludedResources?: readonly string[];
  readonly includedNamespaces?: readonly string[];
  readonly excludedNamespaces?: readonly string[];
  readonly labelSelector?: LabelSelector;
}

/** What an action is given for one item. */
export interface BackupItemActionInput {
  /** The item as read from the API; the action may change it in place or return another. */
  readonly item: KubeObject;
  readonly groupResource: string;
  readonly backup: Backup;
  /** The backup's log, with the item's name, namespace and resource as fields. */
  readonly log: Logger;
}

/** What an action returns. */
export interface BackupItemActionOutput {
  /**
   * The item to write. An item carrying the annotation `velero.io/skip-from-backup` is left out
   * of the backup; with `backup.velero.io/must-include-additional-items: "true"` the additional
   * items skip the backup's filters (the annotation itself is removed before writing).
   */
  readonly item: KubeObject;
  /** Items backed up right after this action, before the item itself is written. */
  readonly additionalItems: readonly ResourceIdentifier[];
}

/**
 * A backup item action. Contract: `execute` is called once per backed-up item the selector
 * matches, in registration order, never concurrently within one backup; a thrown error fails
 * that item (an error in the backup's results), not the backup.
 */
export interface BackupItemAction {
  /** Velero's registered name, e.g. `velero.io/pod`. */
  readonly name: string;
  appliesTo(): ResourceSelector;
  execute(input: BackupItemActionInput): Promise<BackupItemActionOutput>;
}

/** What an action may use when it is set up for one backup. */
export interface ActionSetup {
  readonly rest: KubeRestClient;
  /** Every group-version the server serves (`apiextensions.k8s.io/v1beta1`, `v1`, ...). */
  readonly servedGroupVersions: ReadonlySet<string>;
  /** The preferred version of a group (`rbac.authorization.k8s.io` ⇒ `v1`), if served. */
  readonly preferredVersion: (group: string) => string | undefined;
  readonly log: Logger;
}

/** Creates an action for one backup (e.g. reading cluster state it needs once). */
export type BackupItemActionFactory = (setup: ActionSetup) => Promise<BackupItemAction>;
