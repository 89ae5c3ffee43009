// Everything the restore of one item needs, shared by every item of one restore.
import type { Backup, Restore } from "../../lib/api/index.js";
import type { ExtractedArchive, ItemRef } from "../../lib/archive/index.js";
import type { Clock } from "../../lib/clock.js";
import type { Logger } from "../../lib/log.js";
import type { RestoreHookRunner } from "../hooks/index.js";
import type { ActionPredicate } from "../item-actions/index.js";
import type { RestoreItemAction } from "../restore-actions/index.js";
import type { ClusterResources } from "./cluster-resources.js";
import type { NamespaceEnsurer } from "./namespace-ensurer.js";
import type { PodVolumeRestorer } from "./pod-volume-restorer.js";
import type { ResourceModifiers } from "./resource-modifiers/index.js";
import type { RestoreScope } from "./restore-scope.js";
import type { RestoredItems } from "./restored-items.js";
import type { VolumeState } from "./volume-state.js";

/** A restore item action with its selector compiled against discovery. */
export interface ResolvedRestoreAction {
  readonly action: RestoreItemAction;
  readonly applies: ActionPredicate;
}

/** The shared state of one running restore. */
export interface RestoreContext {
  /** The Restore as it runs (resolved spec). */
  readonly restore: Restore;
  readonly backup: Backup;
  readonly archive: ExtractedArchive;
  /** The restore's log. */
  readonly log: Logger;
  readonly scope: RestoreScope;
  readonly cluster: ClusterResources;
  readonly actions: readonly ResolvedRestoreAction[];
  readonly namespaces: NamespaceEnsurer;
  readonly items: RestoredItems;
  readonly volumes: VolumeState;
  readonly podVolumes: PodVolumeRestorer;
  /** The restore's init and exec hooks. */
  readonly hooks: RestoreHookRunner;
  readonly clock: Clock;
  /** How long to wait for restored CRDs to be established (`--resource-timeout`). */
  readonly resourceTimeoutMs: number;
  /** How long to wait for a PV that is being deleted (Velero's resource terminating timeout). */
  readonly terminatingTimeoutMs: number;
  /** The archive directory chosen per resource (see version-selection.ts); absent = unversioned. */
  readonly versionDirs: Map<string, Pick<ItemRef, "version" | "preferred">>;
  /** Poll interval of waits (CRDs established, PVs gone); 1 s as Velero. */
  readonly pollMs: number;
  /** spec.resourceModifier's rules, applied to each item after its actions; absent without. */
  readonly resourceModifiers?: ResourceModifiers | undefined;
}
