// The "what happened" part of `backup describe`: format version, times, expiration, progress,
// item operations, resource list, volumes, hooks, and deletion attempts.
import type { DeleteBackupRequest } from "../../lib/api/index.js";
import type { BackupDescription } from "./backup-description.js";
import { describeBackupVolumes } from "./describe-backup-volumes.js";
import type { Describer } from "./describer.js";
import { orEmpty, orZero } from "./go-values.js";
import { formatGoTime } from "./human-duration.js";
import {
  fileErrorMessage,
  groupResource,
  type FileResult,
  type ItemOperation,
} from "./side-files.js";

/** Writes the status part as Velero's `DescribeBackupStatus` does. */
export function describeBackupStatus(d: Describer, data: BackupDescription): void {
  const status = data.backup.status ?? {};
  d.printf(`Backup Format Version:\t${orEmpty(status.formatVersion)}\n`);
  d.println();
  d.printf(
    `Started:\t${status.startTimestamp === undefined ? "<n/a>" : formatGoTime(status.startTimestamp)}\n`,
  );
  d.printf(
    `Completed:\t${status.completionTimestamp === undefined ? "<n/a>" : formatGoTime(status.completionTimestamp)}\n`,
  );
  d.println();
  d.printf(`Expiration:\t${formatGoTime(status.expiration)}\n`);
  d.println();
  if (status.progress !== undefined) {
    const running = status.phase === "InProgress";
    d.printf(
      `${running ? "Estimated total items to be backed up" : "Total items to be backed up"}:\t${orZero(status.progress.totalItems)}\n`,
    );
    d.printf(
      `${running ? "Items backed up so far" : "Items backed up"}:\t${orZero(status.progress.itemsBackedUp)}\n`,
    );
    d.println();
  }
  describeItemOperations(d, data);
  if (data.details) {
    describeResourceList(d, data.resourceList);
    d.println();
  }
  describeBackupVolumes(d, data);
  if (status.hookStatus !== undefined) {
    d.println();
    d.printf(`HooksAttempted:\t${orZero(status.hookStatus.hooksAttempted)}\n`);
    d.printf(`HooksFailed:\t${orZero(status.hookStatus.hooksFailed)}\n`);
  }
}

function describeItemOperations(d: Describer, data: BackupDescription): void {
  const status = data.backup.status ?? {};
  const attempted = status.backupItemOperationsAttempted ?? 0;
  if (attempted === 0) return;
  if (!data.details) {
    d.printf(
      `Backup Item Operations:\t${orZero(status.backupItemOperationsCompleted)} of ${attempted} completed successfully, ${orZero(status.backupItemOperationsFailed)} failed (specify --details for more information)\n`,
    );
    return;
  }
  const file = data.itemOperations ?? { state: "notFound" };
  if (file.state !== "ok") {
    const verb = file.state === "badJson" ? "reading" : "getting";
    d.printf(
      `Backup Item Operations:\t<error ${verb} operation info: ${fileErrorMessage(file)}>\n`,
    );
    return;
  }
  d.printf("Backup Item Operations:\n");
  for (const operation of file.value)
    describeItemOperation(d, operation, "Backup Item Action Plugin");
}

/** One item operation, as Velero's describers print it (shared with restores). */
export function describeItemOperation(d: Describer, op: ItemOperation, pluginTitle: string): void {
  const spec = { operationID: "", postOperationItems: [], ...op.spec };
  const id = spec.resourceIdentifier;
  d.printf(
    `\tOperation for ${groupResource(id)} ${orEmpty(id?.Namespace)}/${orEmpty(id?.Name)}:\n`,
  );
  const plugin = spec.backupItemAction ?? orEmpty(spec.restoreItemAction);
  d.printf(`\t\t${pluginTitle}:\t${plugin}\n`);
  d.printf(`\t\tOperation ID:\t${spec.operationID}\n`);
  if (spec.postOperationItems.length > 0) d.printf("\t\tItems to Update:\n");
  for (const item of spec.postOperationItems) {
    d.printf(`\t\t\t${groupResource(item)} ${orEmpty(item.Namespace)}/${orEmpty(item.Name)}\n`);
  }
  describeOperationStatus(d, op.status ?? {});
}

function describeOperationStatus(d: Describer, raw: NonNullable<ItemOperation["status"]>): void {
  const status = { phase: "", error: "", nCompleted: 0, nTotal: 0, description: "", ...raw };
  d.printf(`\t\tPhase:\t${status.phase}\n`);
  if (status.error !== "") d.printf(`\t\tOperation Error:\t${status.error}\n`);
  if (status.nTotal > 0 || status.nCompleted > 0) {
    const units = orEmpty(status.operationUnits);
    d.printf(`\t\tProgress:\t${status.nCompleted} of ${status.nTotal} complete (${units})\n`);
  }
  if (status.description !== "") d.printf(`\t\tProgress description:\t${status.description}\n`);
  for (const [title, time] of [
    ["Created", status.created],
    ["Started", status.started],
    ["Updated", status.updated],
  ] as const) {
    if (time !== undefined) d.printf(`\t\t${title}:\t${formatGoTime(time)}\n`);
  }
}

function describeResourceList(
  d: Describer,
  file: FileResult<Record<string, string[]>> | undefined,
): void {
  const result = file ?? { state: "notFound" };
  if (result.state === "notFound") {
    d.println("Resource List:\t<backup resource list not found>");
    return;
  }
  if (result.state !== "ok") {
    const verb = result.state === "badJson" ? "reading" : "getting";
    d.printf(`Resource List:\t<error ${verb} backup resource list: ${result.message}>\n`);
    return;
  }
  d.println("Resource List:");
  for (const gvk of Object.keys(result.value).sort()) {
    d.printf(`\t${gvk}:\n\t\t- ${(result.value[gvk] ?? []).join("\n\t\t- ")}\n`);
  }
}

/** `Deletion Attempts (N failed):` with each request's time, phase and errors. */
export function describeDeleteBackupRequests(
  d: Describer,
  requests: readonly DeleteBackupRequest[],
): void {
  const failed = requests.filter(
    (r) => r.status?.phase === "Processed" && orZero(r.status.errors?.length) > 0,
  ).length;
  d.printf(failed > 0 ? `Deletion Attempts (${failed} failed):\n` : "Deletion Attempts:\n");
  requests.forEach((request, index) => {
    if (index > 0) d.println();
    d.printf(
      `\t${formatGoTime(request.metadata.creationTimestamp)}: ${orEmpty(request.status?.phase)}\n`,
    );
    const errors = request.status?.errors ?? [];
    if (errors.length > 0) {
      d.printf("\tErrors:\n");
      for (const error of errors) d.printf(`\t\t${error}\n`);
    }
  });
}
