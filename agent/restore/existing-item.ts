// What a restore does when the object it creates already exists (Velero's rules): equal ⇒
// skipped (labels refreshed under `update`), ServiceAccounts merged, other kinds left alone
// with a warning or, under `existingResourcePolicy: update`, merge-patched.
import { BACKUP_NAME_LABEL, RESTORE_NAME_LABEL } from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import type { KubeObject, ResourceClient } from "../../lib/kube/index.js";
import { fail, namespaceAndName, warn, type ItemRun } from "./item-run.js";
import { createMergePatch, jsonEqual } from "./json-merge-patch.js";
import { addRestoreLabels, blankRestoreLabels, resetMetadataAndStatus } from "./object-metadata.js";

/** What {@link reconcileExisting} is given. */
export interface ExistingItem {
  readonly run: ItemRun;
  readonly client: ResourceClient;
  /** The object the restore tried to create (reset, actions applied, labels set). */
  readonly desired: KubeObject;
  /** The object found in the cluster. */
  readonly inCluster: KubeObject;
}

/**
 * The in-cluster object as Velero compares it: metadata reset, status removed, the restore's
 * labels set. `managedFields` are left out of the comparison and of patches (Velero keeps
 * them, which makes every object look changed).
 */
function comparable(object: KubeObject, labels: Readonly<Record<string, string>>): KubeObject {
  const copy = resetMetadataAndStatus(structuredClone(object));
  addRestoreLabels(copy, labels[RESTORE_NAME_LABEL] ?? "", labels[BACKUP_NAME_LABEL] ?? "");
  return withoutManagedFields(copy);
}

function withoutManagedFields(object: KubeObject): KubeObject {
  if (object.metadata?.["managedFields"] === undefined) return object;
  const copy = { ...object, metadata: { ...object.metadata } };
  Reflect.deleteProperty(copy.metadata, "managedFields");
  return copy;
}

/** Handles an item that already exists; records `updated` when it was patched. */
export async function reconcileExisting(existing: ExistingItem): Promise<void> {
  const { run, desired } = existing;
  const labels = desired.metadata?.labels ?? {};
  const fromCluster = comparable(existing.inCluster, labels);
  const wanted = withoutManagedFields(desired);
  const policy = run.ctx.restore.spec.existingResourcePolicy;
  if (jsonEqual(fromCluster, wanted)) {
    if (policy === "update") await patchLabels(existing, fromCluster);
    run.log.info(
      `Restore of ${desired.metadata?.name ?? ""} skipped: it already exists in the cluster and is the same as the backed up version`,
    );
    return;
  }
  if (run.groupResource === "serviceaccounts") {
    await mergeServiceAccount(existing, fromCluster, wanted);
    return;
  }
  if (policy === "update") await updateChanged(existing, fromCluster, wanted);
  else warnDifferent(existing);
}

function warnDifferent(existing: ExistingItem): void {
  const { run, desired } = existing;
  const kind = desired.kind ?? "";
  const name = desired.metadata?.name ?? "";
  const label =
    run.ctx.restore.spec.existingResourcePolicy === "none"
      ? `${kind} ${JSON.stringify(name)}`
      : `${kind}:${name}`;
  warn(
    run,
    `could not restore, ${label} already exists. Warning: the in-cluster version is different than the backed-up version`,
  );
}

async function patch(existing: ExistingItem, body: Record<string, unknown>): Promise<void> {
  const { client, desired, run } = existing;
  await client.patch(desired.metadata?.name ?? "", body, {
    namespace: run.targetNamespace === "" ? undefined : run.targetNamespace,
    type: "merge",
  });
}

/** Velero's updateBackupRestoreLabels: patches only the two restore labels. */
async function patchLabels(existing: ExistingItem, withLabels: KubeObject): Promise<void> {
  const blank = structuredClone(withLabels);
  blankRestoreLabels(blank);
  const body = createMergePatch(blank, withLabels);
  if (body === undefined) return;
  try {
    await patch(existing, body);
  } catch (error) {
    fail(
      existing.run,
      `error patching resource ${existing.run.groupResource} ${namespaceAndName(withLabels)}: ${errorMessage(error)}`,
    );
  }
}

async function updateChanged(
  existing: ExistingItem,
  fromCluster: KubeObject,
  wanted: KubeObject,
): Promise<void> {
  const { run } = existing;
  run.log.info(
    `restore API has resource policy defined update, executing restore workflow accordingly for changed resource ${wanted.kind ?? ""} ${namespaceAndName(fromCluster)}`,
  );
  const blank = structuredClone(fromCluster);
  blankRestoreLabels(blank);
  const body = createMergePatch(blank, wanted);
  if (body === undefined) return;
  try {
    await patch(existing, body);
    run.ctx.items.record(run.key, "updated");
    run.log.info(`${wanted.kind ?? ""} ${namespaceAndName(wanted)} successfully updated`);
  } catch (error) {
    run.log.warn(`patch attempt failed for ${namespaceAndName(wanted)}: ${errorMessage(error)}`);
    warn(run, errorMessage(error));
    await patchLabels(existing, fromCluster);
  }
}

interface Reference {
  readonly name?: unknown;
}

function unionByName(current: unknown, extra: unknown): unknown[] | undefined {
  const base = Array.isArray(current) ? [...(current as Reference[])] : [];
  const more = Array.isArray(extra) ? (extra as Reference[]) : [];
  for (const entry of more) {
    if (!base.some((b) => b.name === entry.name)) base.push(entry);
  }
  return base.length === 0 ? undefined : base;
}

function addMissing(
  into: Record<string, string> | undefined,
  from: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (from === undefined) return into;
  return { ...from, ...into };
}

/** Velero's mergeServiceAccounts: secrets and imagePullSecrets unioned, labels/annotations added. */
export function mergeServiceAccounts(fromCluster: KubeObject, backedUp: KubeObject): KubeObject {
  const desired = structuredClone(fromCluster);
  const secrets = unionByName(desired["secrets"], backedUp["secrets"]);
  if (secrets !== undefined) desired["secrets"] = secrets;
  const pullSecrets = unionByName(desired["imagePullSecrets"], backedUp["imagePullSecrets"]);
  if (pullSecrets !== undefined) desired["imagePullSecrets"] = pullSecrets;
  const metadata = (desired.metadata ??= {});
  const labels = addMissing(metadata.labels, backedUp.metadata?.labels);
  if (labels !== undefined) metadata.labels = labels;
  const annotations = addMissing(metadata.annotations, backedUp.metadata?.annotations);
  if (annotations !== undefined) metadata.annotations = annotations;
  return desired;
}

async function mergeServiceAccount(
  existing: ExistingItem,
  fromCluster: KubeObject,
  wanted: KubeObject,
): Promise<void> {
  const { run } = existing;
  const body = createMergePatch(fromCluster, mergeServiceAccounts(fromCluster, wanted));
  if (body === undefined) return;
  try {
    await patch(existing, body);
    run.ctx.items.record(run.key, "updated");
    run.log.info(`ServiceAccount ${namespaceAndName(wanted)} successfully updated`);
  } catch (error) {
    warn(run, errorMessage(error));
    if (run.ctx.restore.spec.existingResourcePolicy === "update") {
      await patchLabels(existing, fromCluster);
    }
  }
}
