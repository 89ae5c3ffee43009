// How a restore treats a backed-up PersistentVolume (Velero's PV handling): left to dynamic
// provisioning when its data comes back another way or it would be deleted anyway, restored
// as-is (binding reset) when retained, and renamed when a namespace mapping would clash.
import { randomUUID } from "node:crypto";
import { ORIGINAL_PV_NAME_ANNOTATION } from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import { isNotFound, type KubeObject, type ResourceClient } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { RestoreContext } from "./restore-context.js";

/** What to do with a PV. */
export type PvDecision =
  { readonly kind: "provision" } | { readonly kind: "restore"; readonly item: KubeObject };

interface ClaimRef {
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

function claimRefOf(pv: KubeObject): ClaimRef | undefined {
  const spec = pv["spec"] as { claimRef?: ClaimRef } | undefined;
  return spec?.claimRef;
}

function reclaimPolicy(pv: KubeObject): string {
  const spec = pv["spec"] as { persistentVolumeReclaimPolicy?: unknown } | undefined;
  return typeof spec?.persistentVolumeReclaimPolicy === "string"
    ? spec.persistentVolumeReclaimPolicy
    : "";
}

/**
 * Velero's resetVolumeBindingInfo: drops `spec.claimRef.uid`/`resourceVersion` and the
 * `pv.kubernetes.io/bind-completed` and `bound-by-controller` annotations, in place.
 */
export function resetVolumeBindingInfo(object: KubeObject): void {
  const claimRef = claimRefOf(object);
  if (claimRef !== undefined) {
    delete claimRef.uid;
    delete claimRef.resourceVersion;
  }
  const annotations = object.metadata?.annotations;
  if (annotations !== undefined) {
    delete annotations["pv.kubernetes.io/bind-completed"];
    delete annotations["pv.kubernetes.io/bound-by-controller"];
  }
}

function remapClaimRefNamespace(ctx: RestoreContext, pv: KubeObject): void {
  const claimRef = claimRefOf(pv);
  const target = ctx.restore.spec.namespaceMapping?.[claimRef?.namespace ?? ""];
  if (claimRef !== undefined && target !== undefined) claimRef.namespace = target;
}

type BackupMethod = "NativeSnapshot" | "PodVolumeBackup" | "CSISnapshot" | "none";

/** How the PV's data was backed up, from its volume info or, for old backups, the side files. */
function backupMethodOf(ctx: RestoreContext, pv: KubeObject, name: string): BackupMethod {
  const info = ctx.volumes.info(name);
  if (info !== undefined) {
    const method = info.backupMethod;
    return method === "NativeSnapshot" || method === "PodVolumeBackup" || method === "CSISnapshot"
      ? method
      : "none";
  }
  if (ctx.volumes.nativeSnapshots.some((s) => s.spec.persistentVolumeName === name)) {
    return "NativeSnapshot";
  }
  const claim = claimRefOf(pv);
  if (claim === undefined) return "none";
  const byPodVolume = ctx.volumes.podVolumeBackups.some(
    (pvb) =>
      pvb.spec.pod.namespace === claim.namespace &&
      pvb.metadata.annotations?.["velero.io/pvc-name"] === claim.name,
  );
  if (byPodVolume) return "PodVolumeBackup";
  const byCsi = ctx.volumes.csiVolumeSnapshots.some((vs) => {
    const meta = vs["metadata"] as { namespace?: string } | undefined;
    const spec = vs["spec"] as { source?: { persistentVolumeClaimName?: string } } | undefined;
    return (
      meta?.namespace === claim.namespace && spec?.source?.persistentVolumeClaimName === claim.name
    );
  });
  return byCsi ? "CSISnapshot" : "none";
}

/**
 * Decides what happens to a backed-up PV (§5.3 step 3). Throws with Velero's message when the
 * PV cannot be handled (a native snapshot to restore, which needs a volume snapshotter).
 */
export async function preparePersistentVolume(
  ctx: RestoreContext,
  pv: KubeObject,
  options: { readonly client: ResourceClient; readonly log: Logger },
): Promise<PvDecision> {
  const name = pv.metadata?.name ?? "";
  const method = backupMethodOf(ctx, pv, name);
  const provision = (reason: string): PvDecision => {
    options.log.info(`Dynamically re-provisioning persistent volume because ${reason}.`);
    ctx.volumes.pvsToProvision.add(name);
    return { kind: "provision" };
  };
  switch (method) {
    case "NativeSnapshot":
      return { kind: "restore", item: await nativeSnapshotPv(ctx, pv, options) };
    case "PodVolumeBackup":
      return provision("it has a pod volume backup to be restored");
    case "CSISnapshot":
      return provision("it has a CSI VolumeSnapshot or a related snapshot DataUpload");
    case "none":
      if (reclaimPolicy(pv) === "Delete") {
        return provision("it doesn't have a snapshot and its reclaim policy is Delete");
      }
      options.log.info(
        "Restoring persistent volume as-is because it doesn't have a snapshot and its reclaim policy is not Delete.",
      );
      remapClaimRefNamespace(ctx, pv);
      resetVolumeBindingInfo(pv);
      return { kind: "restore", item: pv };
  }
}

async function pvExists(client: ResourceClient, name: string): Promise<boolean> {
  try {
    await client.get(name);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw new Error(
      `error checking if persistent volume exists in the cluster: ${errorMessage(error)}`,
    );
  }
}

async function shouldRename(
  ctx: RestoreContext,
  pv: KubeObject,
  client: ResourceClient,
): Promise<boolean> {
  const mapping = ctx.restore.spec.namespaceMapping ?? {};
  const claimNamespace = claimRefOf(pv)?.namespace;
  if (claimNamespace === undefined || mapping[claimNamespace] === undefined) return false;
  return pvExists(client, pv.metadata?.name ?? "");
}

/** Waits while an in-cluster PV of that name is being deleted or released; true when gone. */
async function waitForPvToGo(
  ctx: RestoreContext,
  client: ResourceClient,
  name: string,
): Promise<boolean> {
  const deadline = ctx.clock.now().getTime() + ctx.terminatingTimeoutMs;
  for (;;) {
    let existing: KubeObject;
    try {
      existing = await client.get(name);
    } catch (error) {
      if (isNotFound(error)) return true;
      throw new Error(`could not retrieve in-cluster copy of PV ${name}: ${errorMessage(error)}`);
    }
    const phase = (existing["status"] as { phase?: unknown } | undefined)?.phase;
    const going = existing.metadata?.deletionTimestamp !== undefined || phase === "Released";
    if (!going) return false;
    if (ctx.clock.now().getTime() >= deadline) {
      throw new Error(`timed out waiting for in-cluster persistentvolume ${name} to be deleted`);
    }
    await ctx.clock.sleep(ctx.pollMs);
  }
}

async function nativeSnapshotPv(
  ctx: RestoreContext,
  pv: KubeObject,
  options: { readonly client: ResourceClient; readonly log: Logger },
): Promise<KubeObject> {
  const item = structuredClone(pv);
  const oldName = pv.metadata?.name ?? "";
  const rename = await shouldRename(ctx, item, options.client);
  remapClaimRefNamespace(ctx, item);
  const restoreSnapshot = rename || (await waitForPvToGo(ctx, options.client, oldName));
  if (restoreSnapshot) {
    resetVolumeBindingInfo(item);
    if (ctx.restore.spec.restorePVs !== false) {
      throw new Error(
        `error executing PVAction for persistentvolumes/${oldName}: restoring native volume snapshots needs a volume snapshotter, which this agent does not have (set restorePVs: false to restore the PV object without its data)`,
      );
    }
  }
  if (rename) {
    const newName = `velero-clone-${randomUUID()}`;
    ctx.volumes.renamedPVs.set(oldName, newName);
    const metadata = (item.metadata ??= {});
    metadata.name = newName;
    metadata.annotations = { ...metadata.annotations, [ORIGINAL_PV_NAME_ANNOTATION]: oldName };
    options.log.info(`Renamed persistent volume ${oldName} to ${newName}`);
  }
  return item;
}
