// `backup describe -o json`: Velero's structured description of one backup (4-space indented
// JSON with sorted keys), built from the same gathered data as the text description.
import type { BackupSpec, PodVolumeBackup } from "../../lib/api/index.js";
import { formatLabelSelector } from "../flags/label-selector.js";
import type { BackupDescription } from "./backup-description.js";
import {
  backupVolumes,
  POD_VOLUME_BACKUP_GROUPS,
  podVolumeGroup,
  volumesByPod,
} from "./describe-backup-volumes.js";
import { sortKeys } from "./format.js";
import { boolPointerString, goDuration, joinOr, orEmpty, orZero } from "./go-values.js";
import { formatGoTime } from "./human-duration.js";
import type { BackupVolumeInfo, OperationResult } from "./side-files.js";

type Json = Record<string, unknown>;
const none = "<none>";
const autoTexts = { whenFalse: "false", whenTrue: "true", whenUnset: "auto" };

/** The structured description, as Velero's `DescribeBackupInSF` prints it. */
export function renderBackupDescriptionJson(data: BackupDescription): string {
  const { backup } = data;
  const out: Json = {
    metadata: {
      name: orEmpty(backup.metadata.name),
      namespace: orEmpty(backup.metadata.namespace),
      labels: backup.metadata.labels ?? null,
      annotations: backup.metadata.annotations ?? null,
    },
    phase: orEmpty(backup.status?.phase),
    spec: specJson(backup.spec),
    status: statusJson(data),
  };
  if (backup.spec.resourcePolicy !== undefined) {
    out["resourcePolicies"] = {
      type: backup.spec.resourcePolicy.kind,
      name: backup.spec.resourcePolicy.name,
    };
  }
  const validation = backup.status?.validationErrors ?? [];
  if (validation.length > 0) out["validationErrors"] = validation;
  Object.assign(out, resultsJson(data));
  if (data.deleteRequests.length > 0) out["deletionAttempts"] = deletionJson(data);
  return JSON.stringify(sortKeys(out), null, 4) + "\n";
}

function specJson(spec: BackupSpec): Json {
  const out: Json = {
    namespaces: {
      included: joinOr(spec.includedNamespaces, "*"),
      excluded: joinOr(spec.excludedNamespaces, none),
    },
    resources: {
      included: joinOr(spec.includedResources, "*"),
      excluded: joinOr(spec.excludedResources, none),
      clusterScoped: boolPointerString(spec.includeClusterResources, {
        whenFalse: "excluded",
        whenTrue: "included",
        whenUnset: "auto",
      }),
    },
    labelSelector:
      spec.labelSelector === undefined ? none : formatLabelSelector(spec.labelSelector),
    storageLocation: orEmpty(spec.storageLocation),
    veleroNativeSnapshotPVs: boolPointerString(spec.snapshotVolumes, autoTexts),
    veleroSnapshotMoveData: boolPointerString(spec.snapshotMoveData, autoTexts),
    dataMover: orEmpty(spec.datamover) === "" ? none : orEmpty(spec.datamover),
    TTL: goDuration(spec.ttl),
    CSISnapshotTimeout: goDuration(spec.csiSnapshotTimeout),
  };
  if (spec.orderedResources !== undefined) out["orderedResources"] = spec.orderedResources;
  const hooks = spec.hooks?.resources ?? [];
  if (hooks.length > 0) {
    out["hooks"] = { resources: Object.fromEntries(hooks.map((h) => [h.name, hookJson(h)])) };
  }
  return out;
}

function hookJson(hook: NonNullable<NonNullable<BackupSpec["hooks"]>["resources"]>[number]): Json {
  const exec = (list: typeof hook.pre): Json[] =>
    (list ?? []).map(({ exec: e }) => ({
      container: orEmpty(e.container),
      command: e.command.join(" "),
      "onError:": orEmpty(e.onError),
      timeout: goDuration(e.timeout),
    }));
  return {
    namespaces: {
      included: joinOr(hook.includedNamespaces, "*"),
      excluded: joinOr(hook.excludedNamespaces, none),
    },
    resources: {
      included: joinOr(hook.includedResources, "*"),
      excluded: joinOr(hook.excludedResources, none),
    },
    labelSelector:
      hook.labelSelector === undefined ? none : formatLabelSelector(hook.labelSelector),
    preExecHook: exec(hook.pre),
    postExecHook: exec(hook.post),
  };
}

function statusJson(data: BackupDescription): Json {
  const status = data.backup.status ?? {};
  const out: Json = {
    backupFormatVersion: orEmpty(status.formatVersion),
    started: status.startTimestamp === undefined ? "<n/a>" : formatGoTime(status.startTimestamp),
    completed:
      status.completionTimestamp === undefined ? "<n/a>" : formatGoTime(status.completionTimestamp),
    expiration: formatGoTime(status.expiration),
  };
  if (status.progress !== undefined) {
    const running = status.phase === "InProgress";
    out[running ? "estimatedTotalItemsToBeBackedUp" : "totalItemsToBeBackedUp"] = orZero(
      status.progress.totalItems,
    );
    out[running ? "itemsBackedUpSoFar" : "itemsBackedUp"] = orZero(status.progress.itemsBackedUp);
  }
  if (data.details) Object.assign(out, resourceListJson(data));
  const volumes = volumesJson(data);
  if (volumes !== undefined) out["backupVolumes"] = volumes;
  if (status.hookStatus !== undefined) {
    out["hooksAttempted"] = orZero(status.hookStatus.hooksAttempted);
    out["hooksFailed"] = orZero(status.hookStatus.hooksFailed);
  }
  return out;
}

function resourceListJson(data: BackupDescription): Json {
  const file = data.resourceList ?? { state: "notFound" };
  if (file.state === "ok") return { resourceList: file.value };
  if (file.state === "notFound")
    return { errorGettingResourceList: "<backup resource list not found>" };
  const verb = file.state === "badJson" ? "reading" : "getting";
  return { errorGettingResourceList: `<error ${verb} backup resource list: ${file.message}>` };
}

function volumesJson(data: BackupDescription): Json | undefined {
  const volumes = backupVolumes(data);
  if (volumes.error !== undefined) return undefined;
  return {
    nativeSnapshots:
      volumes.native.length === 0
        ? "<none included>"
        : Object.fromEntries(
            volumes.native.map((v) => [orEmpty(v.pvName), nativeJson(v, data.details)]),
          ),
    csiSnapshots:
      volumes.csi.length === 0
        ? volumes.legacy
          ? "<none included or not detectable>"
          : "<none included>"
        : Object.fromEntries(
            volumes.csi.map((v) => [
              `${orEmpty(v.pvcNamespace)}/${orEmpty(v.pvcName)}`,
              csiJson(v, data.details),
            ]),
          ),
    podVolumeBackups: podVolumeBackupsJson(data.podVolumeBackups, data.details),
  };
}

function nativeJson(info: BackupVolumeInfo, details: boolean): unknown {
  if (!details) return "specify --details for more information";
  const native = info.nativeSnapshotInfo ?? {};
  return {
    snapshotID: orEmpty(native.snapshotHandle),
    type: orEmpty(native.volumeType),
    availabilityZone: orEmpty(native.volumeAZ),
    IOPS: orEmpty(native.iops),
    result: orEmpty(info.result),
  };
}

function csiJson(info: BackupVolumeInfo, details: boolean): Json {
  const out: Json = {};
  const more = "included, specify --details for more information";
  if (info.preserveLocalSnapshot === true) {
    const csi = info.csiSnapshotInfo ?? {};
    out["snapshot"] = details
      ? {
          ...(info.snapshotDataMoved === true ? {} : { operationID: orEmpty(csi.operationID) }),
          snapshotContentName: orEmpty(csi.vscName),
          storageSnapshotID: orEmpty(csi.snapshotHandle),
          "snapshotSize(bytes)": orZero(csi.size),
          csiDriver: orEmpty(csi.driver),
          result: orEmpty(info.result),
        }
      : more;
  }
  if (info.snapshotDataMoved === true) {
    const moved = info.snapshotDataMovementInfo ?? {};
    out["dataMovement"] = details
      ? {
          operationID: orEmpty(moved.operationID),
          dataMover: orEmpty(moved.dataMover) === "" ? "velero" : orEmpty(moved.dataMover),
          uploaderType: orEmpty(moved.uploaderType),
          result: orEmpty(info.result),
        }
      : more;
  }
  return out;
}

function podVolumeBackupsJson(pvbs: readonly PodVolumeBackup[], details: boolean): unknown {
  const first = pvbs[0];
  if (first === undefined) return "<none included>";
  const groups: Json = {};
  for (const group of POD_VOLUME_BACKUP_GROUPS) {
    const inGroup = pvbs.filter((p) => podVolumeGroup(p.status?.phase) === group);
    if (inGroup.length === 0) continue;
    groups[group] = details
      ? volumesByPod(inGroup, group).map(([pod, volumes]) => ({ [pod]: volumes.join(", ") }))
      : inGroup.length;
  }
  return { uploderType: orEmpty(first.spec.uploaderType), podVolumeBackupsDetails: groups };
}

function resultsJson(data: BackupDescription): Json {
  const status = { warnings: 0, errors: 0, ...data.backup.status };
  if (status.warnings === 0 && status.errors === 0) return {};
  const file = data.results ?? { state: "notFound" };
  if (file.state === "notFound") {
    return { errors: { count: status.errors }, warnings: { count: status.warnings } };
  }
  if (file.state !== "ok") {
    const verb = file.state === "badJson" ? "decoding" : "getting";
    return {
      errors: { errorGettingErrors: `<error ${verb} errors: ${file.message}>` },
      warnings: { errorGettingWarnings: `<error ${verb} warnings: ${file.message}>` },
    };
  }
  return {
    errors: status.errors > 0 ? resultJson(file.value.errors) : {},
    warnings: status.warnings > 0 ? resultJson(file.value.warnings) : {},
  };
}

function resultJson(result: OperationResult | undefined): Json {
  const namespaces = result?.namespaces ?? {};
  return {
    velero: result?.velero ?? [],
    cluster: result?.cluster ?? [],
    namespace: Object.keys(namespaces).length > 0 ? namespaces : [],
  };
}

function deletionJson(data: BackupDescription): Json {
  const failed = data.deleteRequests.filter(
    (r) => r.status?.phase === "Processed" && (r.status.errors?.length ?? 0) > 0,
  ).length;
  return {
    ...(failed > 0 ? { failed } : {}),
    deleteBackupRequests: data.deleteRequests.map((r) => ({
      creationTimestamp: formatGoTime(r.metadata.creationTimestamp),
      phase: orEmpty(r.status?.phase),
      ...((r.status?.errors?.length ?? 0) > 0 ? { errors: r.status?.errors } : {}),
    })),
  };
}
