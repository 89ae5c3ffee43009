// `restore describe` as Velero prints it, and the side files it reads (results, volume info,
// item operations and, with --details, the resource list).
import type { PodVolumeRestore, Restore } from "../../lib/api/index.js";
import { formatLabelSelector } from "../flags/label-selector.js";
import { describeItemOperation } from "./describe-backup-status.js";
import { describeResults, describeValidationErrors } from "./describe-backup.js";
import { podVolumeGroup, volumesByPod } from "./describe-backup-volumes.js";
import { describe, type Describer } from "./describer.js";
import { boolPointerString, goDuration, joinOr, orEmpty, orZero } from "./go-values.js";
import { formatGoTime } from "./human-duration.js";
import type { RestoreDescription, RestoreVolumeInfo } from "./restore-description.js";
import { fileErrorMessage, type FileResult } from "./side-files.js";

const autoTexts = { whenFalse: "false", whenTrue: "true", whenUnset: "auto" };

/** The whole `restore describe` text of one restore. */
export function renderRestoreDescription(data: RestoreDescription): string {
  return describe((d) => {
    const { restore } = data;
    const status = { warnings: 0, errors: 0, ...restore.status };
    describeRestoreHeader(d, restore);
    describeResults(d, data.results, {
      warnings: status.warnings,
      errors: status.errors,
      notFoundShowsCounts: false,
    });
    d.println();
    d.printf(`Backup:\t${orEmpty(restore.spec.backupName)}\n`);
    d.println();
    describeRestoreFilters(d, restore);
    if (data.podVolumeRestores.length > 0) {
      d.println();
      describePodVolumeRestores(d, data.podVolumeRestores, data.details);
    }
    describeVolumeInfos(d, data);
    describeRestoreSettings(d, restore);
    d.println();
    describeRestoreOperations(d, data);
    if (restore.status?.hookStatus !== undefined) {
      d.println();
      d.printf(`HooksAttempted: \t${orZero(restore.status.hookStatus.hooksAttempted)}\n`);
      d.printf(`HooksFailed: \t${orZero(restore.status.hookStatus.hooksFailed)}\n`);
    }
    if (data.details) {
      d.println();
      describeRestoreResourceList(d, data.resourceList);
    }
  });
}

function describeRestoreHeader(d: Describer, restore: Restore): void {
  d.describeMetadata(restore.metadata);
  d.println();
  const status = restore.status ?? {};
  const phase = status.phase ?? "New";
  const deleting = restore.metadata.deletionTimestamp === undefined ? "" : " (Deleting)";
  const note =
    phase === "Failed" || phase === "PartiallyFailed"
      ? ` (run 'kubectl velero restore logs ${orEmpty(restore.metadata.name)}' for more information)`
      : "";
  d.printf(`Phase:\t${phase}${deleting}${note}\n`);
  describeRestoreProgress(d, restore);
  d.println();
  const started = status.startTimestamp;
  const completed = status.completionTimestamp;
  d.printf(`Started:\t${started === undefined ? "<n/a>" : formatGoTime(started)}\n`);
  d.printf(`Completed:\t${completed === undefined ? "<n/a>" : formatGoTime(completed)}\n`);
  describeValidationErrors(d, status.validationErrors);
}

function describeRestoreProgress(d: Describer, restore: Restore): void {
  const progress = restore.status?.progress;
  if (progress === undefined) return;
  const running = restore.status?.phase === "InProgress";
  const total = running ? "Estimated total items to be restored" : "Total items to be restored";
  d.printf(`${total}:\t${orZero(progress.totalItems)}\n`);
  d.printf(
    `${running ? "Items restored so far" : "Items restored"}:\t${orZero(progress.itemsRestored)}\n`,
  );
}

function describeRestoreFilters(d: Describer, restore: Restore): void {
  const spec = restore.spec;
  const included = spec.includedNamespaces ?? [];
  const all = included.length === 0 || (included.length === 1 && included[0] === "*");
  d.printf("Namespaces:\n");
  d.printf(`\tIncluded:\t${all ? "all namespaces found in the backup" : included.join(", ")}\n`);
  d.printf(`\tExcluded:\t${joinOr(spec.excludedNamespaces, "<none>")}\n`);
  d.println();
  d.printf("Resources:\n");
  d.printf(`\tIncluded:\t${joinOr(spec.includedResources, "*")}\n`);
  d.printf(`\tExcluded:\t${joinOr(spec.excludedResources, "<none>")}\n`);
  const cluster = boolPointerString(spec.includeClusterResources, {
    whenFalse: "excluded",
    whenTrue: "included",
    whenUnset: "auto",
  });
  d.printf(`\tCluster-scoped:\t${cluster}\n`);
  d.println();
  d.describeMap("Namespace mappings", spec.namespaceMapping);
  d.println();
  d.printf(
    `Label selector:\t${spec.labelSelector === undefined ? "<none>" : formatLabelSelector(spec.labelSelector)}\n`,
  );
  d.println();
  const or = (spec.orLabelSelectors ?? []).map((s) => formatLabelSelector(s));
  d.printf(`Or label selector:\t${or.length === 0 ? "<none>" : or.join(" or ")}\n`);
  d.println();
  d.printf(`Restore PVs:\t${boolPointerString(spec.restorePVs, autoTexts)}\n`);
}

const POD_VOLUME_RESTORE_GROUPS = [
  "Completed",
  "Canceled",
  "Failed",
  "In Progress",
  "Prepared",
  "Accepted",
  "New",
];

function describePodVolumeRestores(
  d: Describer,
  pvrs: readonly PodVolumeRestore[],
  details: boolean,
): void {
  const uploader = orEmpty(pvrs[0]?.spec.uploaderType);
  d.printf(
    details
      ? `${uploader} Restores:\n`
      : `${uploader} Restores (specify --details for more information):\n`,
  );
  for (const group of POD_VOLUME_RESTORE_GROUPS) {
    const inGroup = pvrs.filter((p) => podVolumeGroup(p.status?.phase) === group);
    if (inGroup.length === 0) continue;
    if (!details) {
      d.printf(`\t${group}:\t${inGroup.length}\n`);
      continue;
    }
    d.printf(`\t${group}:\n`);
    for (const [pod, volumes] of volumesByPod(inGroup, group)) {
      d.printf(`\t\t${pod}: ${volumes.sort().join(", ")}\n`);
    }
  }
}

function describeVolumeInfos(d: Describer, data: RestoreDescription): void {
  const file = data.volumeInfos;
  if (file.state === "notFound") return;
  if (file.state !== "ok") {
    const verb = file.state === "badJson" ? "reading" : "getting";
    d.printf(`\t<error ${verb} restore volume info: ${file.message}>\n`);
    return;
  }
  d.println();
  const csi = file.value.filter((v) => v.restoreMethod === "CSISnapshot");
  if (csi.length === 0) {
    d.printf("CSI Snapshot Restores: <none included>\n");
    return;
  }
  d.printf("CSI Snapshot Restores:\n");
  const ordered = [
    ...csi.filter((v) => v.snapshotDataMoved !== true),
    ...csi.filter((v) => v.snapshotDataMoved === true),
  ];
  for (const info of ordered) describeCsiRestore(d, info, data.details);
}

function describeCsiRestore(d: Describer, info: RestoreVolumeInfo, details: boolean): void {
  d.printf(`\t${orEmpty(info.pvcNamespace)}/${orEmpty(info.pvcName)}:\n`);
  const moved = info.snapshotDataMoved === true;
  if (!details) {
    d.printf(
      `\t\t${moved ? "Data Movement" : "Snapshot"}: specify --details for more information\n`,
    );
    return;
  }
  if (moved) {
    const movement = info.snapshotDataMovementInfo ?? {};
    d.printf("\t\tData Movement:\n");
    d.printf(`\t\t\tOperation ID: ${orEmpty(movement.operationID)}\n`);
    d.printf(`\t\t\tData Mover: ${orEmpty(movement.dataMover)}\n`);
    d.printf(`\t\t\tUploader Type: ${orEmpty(movement.uploaderType)}\n`);
    return;
  }
  const snapshot = info.csiSnapshotInfo ?? {};
  d.printf("\t\tSnapshot:\n");
  d.printf(`\t\t\tSnapshot Content Name: ${orEmpty(snapshot.vscName)}\n`);
  d.printf(`\t\t\tStorage Snapshot ID: ${orEmpty(snapshot.snapshotHandle)}\n`);
  d.printf(`\t\t\tCSI Driver: ${orEmpty(snapshot.driver)}\n`);
}

function describeRestoreSettings(d: Describer, restore: Restore): void {
  const spec = restore.spec;
  d.println();
  d.printf(
    `Existing Resource Policy: \t${orEmpty(spec.existingResourcePolicy) === "" ? "<none>" : orEmpty(spec.existingResourcePolicy)}\n`,
  );
  d.printf(`ItemOperationTimeout:\t${goDuration(spec.itemOperationTimeout)}\n`);
  d.println();
  d.printf(
    `Preserve Service NodePorts:\t${boolPointerString(spec.preserveNodePorts, autoTexts)}\n`,
  );
  if (spec.resourceModifier !== undefined) {
    d.println();
    d.printf("Resource modifier:\n");
    d.printf(`\tType:\t${spec.resourceModifier.kind}\n`);
    d.printf(`\tName:\t${spec.resourceModifier.name}\n`);
  }
  const uploader = spec.uploaderConfig;
  if (uploader !== undefined) {
    d.println();
    d.printf("Uploader config:\n");
    if (uploader.writeSparseFiles === true) d.printf("\tWrite Sparse Files:\ttrue\n");
    if (orZero(uploader.parallelFilesDownload) > 0) {
      d.printf(`\tParallel Restore:\t${orZero(uploader.parallelFilesDownload)}\n`);
    }
  }
}

function describeRestoreOperations(d: Describer, data: RestoreDescription): void {
  const status = { restoreItemOperationsAttempted: 0, ...data.restore.status };
  const attempted = status.restoreItemOperationsAttempted;
  if (attempted === 0) return;
  if (!data.details) {
    d.printf(
      `Restore Item Operations:\t${orZero(status.restoreItemOperationsCompleted)} of ${attempted} completed successfully, ${orZero(status.restoreItemOperationsFailed)} failed (specify --details for more information)\n`,
    );
    return;
  }
  const file = data.itemOperations ?? { state: "notFound" };
  if (file.state !== "ok") {
    const verb = file.state === "badJson" ? "reading" : "getting";
    d.printf(
      `Restore Item Operations:\t<error ${verb} operation info: ${fileErrorMessage(file)}>\n`,
    );
    return;
  }
  d.printf("Restore Item Operations:\n");
  for (const op of file.value) describeItemOperation(d, op, "Restore Item Action Plugin");
}

function describeRestoreResourceList(
  d: Describer,
  file: FileResult<Record<string, string[]>> | undefined,
): void {
  const result = file ?? { state: "notFound" };
  if (result.state === "notFound") {
    d.println("Resource List:\t<restore resource list not found>");
    return;
  }
  if (result.state !== "ok") {
    const verb = result.state === "badJson" ? "reading" : "getting";
    d.printf(`Resource List:\t<error ${verb} restore resource list: ${result.message}>\n`);
    return;
  }
  d.println("Resource List:");
  for (const gvk of Object.keys(result.value).sort()) {
    d.printf(`\t${gvk}:\n\t\t- ${(result.value[gvk] ?? []).join("\n\t\t- ")}\n`);
  }
}
