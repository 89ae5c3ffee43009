// Backs up one item as Velero's itemBackupper does: inclusion checks, de-duplication, backup
// item actions (and the related items they name), the archive entries, and pod volumes.
import {
  EXCLUDE_FROM_BACKUP_LABEL,
  MUST_INCLUDE_ADDITIONAL_ITEMS_ANNOTATION,
  SKIP_FROM_BACKUP_ANNOTATION,
  type Backup,
} from "../../lib/api/index.js";
import type { ArchiveWriter } from "../../lib/archive/index.js";
import { errorMessage, InvalidInputError } from "../../lib/errors.js";
import { parseApiVersion, type KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { NamespaceFilter, ResourceFilter } from "../filters/index.js";
import type { PodHookRunner } from "../hooks/index.js";
import type {
  ActionPredicate,
  BackupItemAction,
  BackupItemActionOutput,
  ResourceIdentifier,
} from "../item-actions/index.js";
import type { BackedUpItems, ItemKey } from "./backed-up-items.js";
import { ArchiveWriteError } from "./errors.js";
import type { PodVolumeBackupper } from "./pod-volume-backupper.js";
import type { BackupResource, BackupResources } from "./resource-discovery.js";

/** An action with its compiled selector. */
export interface ResolvedAction {
  readonly action: BackupItemAction;
  readonly applies: ActionPredicate;
}

/** Reads one object from the API; undefined when it does not exist. */
export type ItemFetcher = (
  resource: BackupResource,
  namespace: string,
  name: string,
) => Promise<KubeObject | undefined>;

/** Dependencies of {@link ItemBackupper}. */
export interface ItemBackupperDeps {
  readonly backup: Backup;
  readonly writer: ArchiveWriter;
  readonly items: BackedUpItems;
  readonly namespaces: NamespaceFilter;
  readonly resourceFilter: ResourceFilter;
  readonly resources: BackupResources;
  readonly actions: readonly ResolvedAction[];
  readonly podVolumes: PodVolumeBackupper;
  readonly fetch: ItemFetcher;
  readonly log: Logger;
  /** Called for every item written (progress, CRDs of custom resources). */
  readonly onWritten: (resource: BackupResource) => void;
  /** Pre and post exec hooks of pods (none when absent). */
  readonly hooks?: PodHookRunner;
}

interface ItemIdentity {
  readonly namespace: string;
  readonly name: string;
  readonly fields: { name: string; namespace: string; resource: string };
}

/**
 * Backs up items. Contract: `backupItem` resolves true when the item is in the backup (written
 * now or before) and false when it was left out; it throws when the item could not be backed
 * up (an action failed, the archive broke), after removing it from the backed-up set.
 */
export class ItemBackupper {
  readonly #deps: ItemBackupperDeps;

  constructor(deps: ItemBackupperDeps) {
    this.#deps = deps;
  }

  /** Backs up `item`, read from the API as `resource` in its preferred version. */
  async backupItem(
    item: KubeObject,
    resource: BackupResource,
    mustInclude = false,
  ): Promise<boolean> {
    const metadata = item.metadata ?? {};
    const namespace = metadata.namespace ?? "";
    const name = metadata.name ?? "";
    const id: ItemIdentity = {
      namespace,
      name,
      fields: { name, namespace, resource: resource.groupResource },
    };
    if (!this.#shouldInclude(item, resource, id, mustInclude)) return false;
    const key: ItemKey = {
      resource: `${item.apiVersion ?? resource.apiVersion}/${item.kind ?? resource.kind}`,
      namespace,
      name,
    };
    const log = this.#deps.log;
    if (!this.#deps.items.add(key)) {
      log.info("Skipping item because it's already been backed up.", id.fields);
      return true;
    }
    log.info("Backing up item", id.fields);
    try {
      return await this.#backUp(item, resource, key, id);
    } catch (error) {
      this.#deps.items.delete(key);
      throw error;
    }
  }

  async #backUp(
    item: KubeObject,
    resource: BackupResource,
    key: ItemKey,
    id: ItemIdentity,
  ): Promise<boolean> {
    if (!(await this.#preHooks(item, resource))) return false;
    const version = parseApiVersion(item.apiVersion ?? resource.apiVersion).version;
    const updated = await this.#runActions(item, resource, id);
    if (updated === undefined) {
      this.#deps.items.delete(key);
      return false;
    }
    try {
      await this.#deps.writer.add(updated, {
        groupResource: resource.groupResource,
        version,
        preferred: version === resource.version,
      });
    } catch (error) {
      if (error instanceof InvalidInputError) throw error;
      throw new ArchiveWriteError(
        `error writing the item to the backup archive: ${errorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
    this.#deps.onWritten(resource);
    if (resource.groupResource === "pods") {
      await this.#podVolumes(updated, id);
      await this.#deps.hooks?.runPost(item);
    }
    return true;
  }

  /** False when a pod's pre hook failed with onError Fail (the pod stays out, as in Velero). */
  async #preHooks(item: KubeObject, resource: BackupResource): Promise<boolean> {
    if (resource.groupResource !== "pods" || this.#deps.hooks === undefined) return true;
    return this.#deps.hooks.runPre(item);
  }

  async #podVolumes(pod: KubeObject, id: ItemIdentity): Promise<void> {
    const log = this.#deps.log.child(id.fields);
    try {
      await this.#deps.podVolumes.backupPodVolumes({ pod, log });
    } catch (error) {
      log.error("Error backing up pod volumes", { error });
    }
  }

  #shouldInclude(
    item: KubeObject,
    resource: BackupResource,
    id: ItemIdentity,
    mustInclude: boolean,
  ): boolean {
    const log = this.#deps.log;
    if (!mustInclude) {
      const reason = this.#exclusionReason(item, resource, id.namespace);
      if (reason !== undefined) {
        log.info(reason, id.fields);
        return false;
      }
    } else {
      log.info("Skipping the exclusion checks for this resource", id.fields);
    }
    if (item.metadata?.deletionTimestamp !== undefined) {
      log.info("Skipping item because it's being deleted.", id.fields);
      return false;
    }
    return true;
  }

  /** Velero's itemInclusionChecks, as the message to log, or undefined when included. */
  #exclusionReason(
    item: KubeObject,
    resource: BackupResource,
    namespace: string,
  ): string | undefined {
    if (item.metadata?.labels?.[EXCLUDE_FROM_BACKUP_LABEL] === "true") {
      return `Excluding item because it has label ${EXCLUDE_FROM_BACKUP_LABEL}=true`;
    }
    return namespace === ""
      ? this.#clusterExclusionReason(resource)
      : this.#namespacedExclusionReason(resource, namespace);
  }

  #clusterExclusionReason(resource: BackupResource): string | undefined {
    const info = { groupResource: resource.groupResource, namespaced: resource.namespaced };
    if (resource.groupResource !== "namespaces" && this.#deps.resourceFilter.shouldExclude(info)) {
      return "Excluding item because resource is cluster-scoped and is excluded by cluster filter.";
    }
    return undefined;
  }

  #namespacedExclusionReason(resource: BackupResource, namespace: string): string | undefined {
    if (!this.#deps.namespaces.shouldInclude(namespace)) {
      return "Excluding item because namespace is excluded";
    }
    const info = { groupResource: resource.groupResource, namespaced: resource.namespaced };
    if (!this.#deps.resourceFilter.shouldInclude(info)) {
      return "Excluding item because resource is excluded";
    }
    return undefined;
  }

  /** Runs the applicable actions; undefined when one asked to skip the item. */
  async #runActions(
    item: KubeObject,
    resource: BackupResource,
    id: ItemIdentity,
  ): Promise<KubeObject | undefined> {
    let current = item;
    const target = {
      groupResource: resource.groupResource,
      namespace: id.namespace,
      labels: item.metadata?.labels,
    };
    for (const { action, applies } of this.#deps.actions) {
      if (!applies(target)) continue;
      const log = this.#deps.log.child(id.fields);
      log.info("Executing custom action");
      const output = await this.#execute(action, { item: current, resource, id, log });
      current = output.item;
      const annotations = current.metadata?.annotations ?? {};
      if (annotations[SKIP_FROM_BACKUP_ANNOTATION] !== undefined) {
        log.info(
          `Resource (groupResource=${resource.groupResource}, namespace=${id.namespace}, name=${id.name}) is skipped from backup by action ${action.name}.`,
        );
        return undefined;
      }
      const mustInclude = annotations[MUST_INCLUDE_ADDITIONAL_ITEMS_ANNOTATION] === "true";
      dropAnnotation(current, MUST_INCLUDE_ADDITIONAL_ITEMS_ANNOTATION);
      for (const related of output.additionalItems)
        await this.#backupAdditional(related, mustInclude, log);
    }
    return current;
  }

  async #execute(
    action: BackupItemAction,
    call: { item: KubeObject; resource: BackupResource; id: ItemIdentity; log: Logger },
  ): Promise<BackupItemActionOutput> {
    const groupResource = call.resource.groupResource;
    try {
      return await action.execute({
        item: call.item,
        groupResource,
        backup: this.#deps.backup,
        log: call.log,
      });
    } catch (error) {
      const where = `groupResource=${groupResource}, namespace=${call.id.namespace}, name=${call.id.name}`;
      throw new Error(`error executing custom action (${where}): ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  async #backupAdditional(
    id: ResourceIdentifier,
    mustInclude: boolean,
    log: Logger,
  ): Promise<void> {
    const resource = this.#deps.resources.find(id.groupResource);
    if (resource === undefined) {
      throw new Error(
        `unable to find the resource of additional item ${id.groupResource} ${id.namespace ?? ""}/${id.name}`,
      );
    }
    const namespace = resource.namespaced ? (id.namespace ?? "") : "";
    const key = { resource: `${resource.apiVersion}/${resource.kind}`, namespace, name: id.name };
    if (this.#deps.items.has(key)) return;
    const item = await this.#deps.fetch(resource, namespace, id.name);
    if (item === undefined) {
      log.warn("Additional item was not found in Kubernetes API, can't back it up", {
        groupResource: id.groupResource,
        namespace,
        name: id.name,
      });
      return;
    }
    await this.backupItem(item, resource, mustInclude);
  }
}

function dropAnnotation(item: KubeObject, key: string): void {
  const annotations = item.metadata?.annotations;
  if (annotations === undefined || !(key in annotations)) return;
  item.metadata = {
    ...item.metadata,
    annotations: Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== key)),
  };
}
