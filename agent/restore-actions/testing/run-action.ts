// Runs one restore item action on an item the way the restore does, for the actions' tests.
import { RestoreBuilder, type RestoreSpec } from "../../../lib/api/index.js";
import type { KubeObject } from "../../../lib/kube/index.js";
import { silentLogger } from "../../../lib/log.js";
import type { RestoreItemAction, RestoreItemActionOutput } from "../restore-item-action.js";

/** Options of {@link runAction}. */
export interface RunActionOptions {
  readonly spec?: Partial<RestoreSpec>;
  /** The item as in the backup (status kept); defaults to a copy of `item`. */
  readonly itemFromBackup?: KubeObject;
  readonly groupResource?: string;
  readonly targetNamespace?: string;
}

/** Executes `action` on a deep copy of `item` and returns its output. */
export function runAction(
  action: RestoreItemAction,
  item: KubeObject,
  options: RunActionOptions = {},
): Promise<RestoreItemActionOutput> {
  const restore = new RestoreBuilder("velero", "r1")
    .backup("b1")
    .spec(options.spec ?? {})
    .build();
  return action.execute({
    item: structuredClone(item),
    itemFromBackup: structuredClone(options.itemFromBackup ?? item),
    groupResource: options.groupResource ?? "",
    targetNamespace: options.targetNamespace ?? item.metadata?.namespace ?? "",
    restore,
    log: silentLogger,
  });
}
