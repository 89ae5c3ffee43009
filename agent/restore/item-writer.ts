// Writes one prepared item to the cluster as Velero does: create; on "already exists" hand over
// to the existing-resource rules; after a create, restore the status when asked, put the
// backed-up managedFields back, start pod volume restores and wait for CRDs to be established.
import { errorMessage } from "../../lib/errors.js";
import {
  AlreadyExistsError,
  ConflictError,
  isNotFound,
  type KubeObject,
  type ResourceClient,
} from "../../lib/kube/index.js";
import { reconcileExisting } from "./existing-item.js";
import { fail, namespaceAndName, warn, type ItemRun } from "./item-run.js";

/** A prepared item and what is needed to write it. */
export interface ItemWrite {
  readonly run: ItemRun;
  readonly client: ResourceClient;
  /** The object to create (target namespace, labels, actions applied, no status). */
  readonly object: KubeObject;
  /** The backed-up status, when it is to be restored. */
  readonly status: unknown;
  /** The backed-up managedFields. */
  readonly managedFields: unknown;
}

function namespaceOf(run: ItemRun): string | undefined {
  return run.targetNamespace === "" ? undefined : run.targetNamespace;
}

function isPortAllocated(error: unknown): boolean {
  return errorMessage(error).includes("provided port is already allocated");
}

/**
 * Creates the item, or handles the existing one. Returns the created object, or undefined
 * when it was not created (it existed, or the create failed; both are recorded).
 */
export async function writeItem(write: ItemWrite): Promise<KubeObject | undefined> {
  const { run, client, object } = write;
  run.log.info(`Attempting to restore ${object.kind ?? ""}: ${object.metadata?.name ?? ""}.`);
  let created: KubeObject;
  try {
    created = await client.create(object, { namespace: namespaceOf(run) });
  } catch (error) {
    await handleCreateError(write, error);
    return undefined;
  }
  run.ctx.items.record(run.key, "created", created.metadata?.name);
  created = await restoreStatus(write, created);
  await restoreManagedFields(write, created);
  return created;
}

async function handleCreateError(write: ItemWrite, error: unknown): Promise<void> {
  const { run, client, object } = write;
  const exists =
    error instanceof AlreadyExistsError ||
    (object.kind === "Service" && isPortAllocated(error) && (await found(write)) !== undefined);
  if (!exists) {
    run.log.error(`error restoring ${object.metadata?.name ?? ""}: ${errorMessage(error)}`);
    fail(run, `error restoring ${run.resourceId}: ${errorMessage(error)}`);
    return;
  }
  let inCluster: KubeObject;
  try {
    inCluster = await client.get(object.metadata?.name ?? "", namespaceOf(run));
  } catch (getError) {
    run.log.warn(
      `Unable to retrieve in-cluster version of ${namespaceAndName(object)}: ${errorMessage(getError)}, object won't be restored by velero or have restore labels, and existing resource policy is not applied`,
    );
    warn(run, errorMessage(getError));
    return;
  }
  run.ctx.items.markExists(run.key);
  await reconcileExisting({ run, client, desired: object, inCluster });
}

async function found(write: ItemWrite): Promise<KubeObject | undefined> {
  try {
    return await write.client.get(write.object.metadata?.name ?? "", namespaceOf(write.run));
  } catch {
    return undefined;
  }
}

/** Velero's UpdateStatus with retry on conflict; a failure is a warning. */
async function restoreStatus(write: ItemWrite, created: KubeObject): Promise<KubeObject> {
  const { run, client, object, status } = write;
  if (status === undefined) return created;
  let resourceVersion = created.metadata?.resourceVersion;
  for (let attempt = 0; ; attempt++) {
    const body: KubeObject = {
      ...object,
      metadata: { ...object.metadata, resourceVersion },
      status,
    };
    try {
      return await client.replace(body, { namespace: namespaceOf(run), subresource: "status" });
    } catch (error) {
      if (error instanceof ConflictError && attempt < 4) {
        const latest = await found(write);
        resourceVersion = latest?.metadata?.resourceVersion ?? resourceVersion;
        continue;
      }
      run.log.info(
        `status field update failed ${namespaceAndName(object)}: ${errorMessage(error)}`,
      );
      warn(run, errorMessage(error));
      return created;
    }
  }
}

/** Puts the backed-up managedFields back on the created object (Velero's managed fields patch). */
async function restoreManagedFields(write: ItemWrite, created: KubeObject): Promise<void> {
  const { run, client, managedFields } = write;
  if (!Array.isArray(managedFields) || managedFields.length === 0) return;
  const name = created.metadata?.name ?? "";
  try {
    await client.patch(
      name,
      { metadata: { managedFields } },
      { namespace: namespaceOf(run), type: "merge" },
    );
  } catch (error) {
    if (!isNotFound(error)) {
      run.log.error(
        `error patch for managed fields ${namespaceAndName(created)}: ${errorMessage(error)}`,
      );
      fail(run, errorMessage(error));
      return;
    }
    run.log.warn(
      `item not found when patching managed fields ${namespaceAndName(created)}: ${errorMessage(error)}`,
    );
    warn(run, errorMessage(error));
  }
}

interface Condition {
  readonly type?: unknown;
  readonly status?: unknown;
}

/** Velero's IsCRDReady for v1 CRDs: Established and NamesAccepted are True. */
export function isCrdReady(crd: KubeObject): boolean {
  const status = crd["status"] as { conditions?: unknown } | undefined;
  const conditions = Array.isArray(status?.conditions) ? (status.conditions as Condition[]) : [];
  const isTrue = (type: string): boolean =>
    conditions.some((c) => c.type === type && c.status === "True");
  return isTrue("Established") && isTrue("NamesAccepted");
}

/** Waits (resource timeout, 1 s polls) until a restored CRD can serve its custom resources. */
export async function waitForCrd(
  run: ItemRun,
  client: ResourceClient,
  name: string,
): Promise<void> {
  const { clock, resourceTimeoutMs, pollMs } = run.ctx;
  const deadline = clock.now().getTime() + resourceTimeoutMs;
  for (;;) {
    let crd: KubeObject;
    try {
      crd = await client.get(name);
    } catch (error) {
      fail(run, `error verifying the CRD ${name} is ready to use: ${errorMessage(error)}`);
      return;
    }
    if (isCrdReady(crd)) return;
    if (clock.now().getTime() >= deadline) {
      fail(run, `the CRD ${name} is not available to use for custom resources`);
      return;
    }
    await clock.sleep(pollMs);
  }
}
