// Runs the restore item actions that apply to an item, in order, restoring the additional
// items each one names before the item itself (Velero's action loop in restoreItem).
import { errorMessage } from "../../lib/errors.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { ResourceIdentifier } from "../restore-actions/index.js";
import { fail, resourceIdOf, warn, type ItemRun } from "./item-run.js";

/** Restores one additional item from the backup; resolves whether it exists in the cluster. */
export type AdditionalItemRestorer = (
  run: ItemRun,
  item: KubeObject,
  identifier: ResourceIdentifier,
) => Promise<boolean>;

/**
 * Applies the actions whose selector matches the item. Returns the item to create, or
 * undefined when an action skipped it or failed (the failure is recorded).
 */
export async function runRestoreActions(
  run: ItemRun,
  item: KubeObject,
  itemFromBackup: KubeObject,
  restoreAdditional: AdditionalItemRestorer,
): Promise<KubeObject | undefined> {
  let current = item;
  for (const { action, applies } of run.ctx.actions) {
    const target = {
      groupResource: run.groupResource,
      namespace: run.targetNamespace,
      labels: current.metadata?.labels,
    };
    if (!applies(target)) continue;
    run.log.info(`Executing item action for ${run.groupResource}`);
    let output;
    try {
      output = await action.execute({
        item: current,
        itemFromBackup,
        groupResource: run.groupResource,
        targetNamespace: run.targetNamespace,
        restore: run.ctx.restore,
        log: run.log,
      });
    } catch (error) {
      fail(run, `error preparing ${run.resourceId}: ${errorMessage(error)}`);
      return undefined;
    }
    if (output.skipRestore === true) {
      run.log.info("Skipping restore because a registered plugin discarded it");
      return undefined;
    }
    current = output.item;
    for (const identifier of output.additionalItems ?? []) {
      await restoreOneAdditional(run, identifier, restoreAdditional);
    }
  }
  return current;
}

async function restoreOneAdditional(
  run: ItemRun,
  identifier: ResourceIdentifier,
  restoreAdditional: AdditionalItemRestorer,
): Promise<void> {
  const namespace = identifier.namespace ?? "";
  const ref = { groupResource: identifier.groupResource, namespace, name: identifier.name };
  const id = resourceIdOf(identifier.groupResource, namespace, identifier.name);
  if (!run.ctx.archive.catalog.has(ref)) {
    run.log.warn("unable to restore additional item", {
      additionalResource: identifier.groupResource,
      additionalResourceNamespace: namespace,
      additionalResourceName: identifier.name,
    });
    run.results.warnings.add(namespace, `additional item ${id} is not in the backup`);
    return;
  }
  let item: KubeObject;
  try {
    item = await run.ctx.archive.readItem(ref);
  } catch (error) {
    fail(run, `error restoring additional item ${id}: ${errorMessage(error)}`);
    return;
  }
  try {
    await restoreAdditional(run, item, identifier);
  } catch (error) {
    warn(run, `error restoring additional item ${id}: ${errorMessage(error)}`);
  }
}
