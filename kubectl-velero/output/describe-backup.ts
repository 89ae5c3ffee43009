// `backup describe` as Velero prints it: metadata, phase, policies, validation errors, warnings
// and errors from the results file, the spec, the status, and deletion attempts.
import type { Backup } from "../../lib/api/index.js";
import { describe, type Describer } from "./describer.js";
import { orZero } from "./go-values.js";
import { describeBackupSpec } from "./describe-backup-spec.js";
import type { BackupDescription } from "./backup-description.js";
import { describeBackupStatus, describeDeleteBackupRequests } from "./describe-backup-status.js";
import type { FileResult, OperationResult, ResultsFile } from "./side-files.js";

/** The whole `backup describe` text of one backup. */
export function renderBackupDescription(data: BackupDescription): string {
  return describe((d) => {
    const { backup } = data;
    describeBackupHeader(d, backup);
    d.println();
    const status = { warnings: 0, errors: 0, ...backup.status };
    describeResults(d, data.results, {
      warnings: status.warnings,
      errors: status.errors,
      notFoundShowsCounts: true,
    });
    d.println();
    describeBackupSpec(d, backup.spec);
    d.println();
    describeBackupStatus(d, data);
    if (data.deleteRequests.length > 0) {
      d.println();
      describeDeleteBackupRequests(d, data.deleteRequests);
    }
  });
}

function describeBackupHeader(d: Describer, backup: Backup): void {
  d.describeMetadata(backup.metadata);
  d.println();
  const status = backup.status ?? {};
  const phase = status.phase ?? "New";
  const logsNote =
    phase === "Failed" || phase === "PartiallyFailed"
      ? ` (run \`kubectl velero backup logs ${backup.metadata.name ?? ""}\` for more information)`
      : "";
  d.printf(`Phase:\t${phase}${logsNote}\n`);
  if (phase === "Queued") d.printf(`Queue position:\t${orZero(status.queuePosition)}\n`);
  const policy = backup.spec.resourcePolicy;
  if (policy !== undefined) {
    d.println();
    d.printf("Resource policies:\n");
    d.printf(`\tType:\t${policy.kind}\n`);
    d.printf(`\tName:\t${policy.name}\n`);
  }
  describeUploaderConfig(d, backup.spec.uploaderConfig?.parallelFilesUpload);
  describeValidationErrors(d, status.validationErrors);
}

/** `Uploader config:` when parallel uploads are set (backups and schedule templates). */
export function describeUploaderConfig(
  d: Describer,
  parallelFilesUpload: number | undefined,
): void {
  if ((parallelFilesUpload ?? 0) <= 0) return;
  d.println();
  d.printf("Uploader config:\n");
  d.printf(`\tParallel files upload:\t${orZero(parallelFilesUpload)}\n`);
}

/** `Validation errors:` followed by one error per line (Velero starts on the same line). */
export function describeValidationErrors(
  d: Describer,
  errors: readonly string[] | undefined,
): void {
  if (errors === undefined || errors.length === 0) return;
  d.println();
  d.printf("Validation errors:");
  for (const error of errors) d.printf(`\t${error}\n`);
}

/** How to describe the results file. */
export interface ResultCounts {
  readonly warnings: number;
  readonly errors: number;
  /** Backups: a missing file prints the counts (old backups have none); restores print an error. */
  readonly notFoundShowsCounts: boolean;
}

/** Warnings and errors from the results file, only when the object counts any. */
export function describeResults(
  d: Describer,
  file: FileResult<ResultsFile> | undefined,
  counts: ResultCounts,
): void {
  if (counts.warnings === 0 && counts.errors === 0) return;
  const result = file ?? { state: "notFound" };
  if (result.state === "notFound" && counts.notFoundShowsCounts) {
    d.printf(`Errors:\t${counts.errors}\n`);
    d.printf(`Warnings:\t${counts.warnings}\n`);
    return;
  }
  if (result.state !== "ok") {
    describeResultsFailure(d, result);
    return;
  }
  const sections: [string, number, OperationResult | undefined][] = [
    ["Warnings", counts.warnings, result.value.warnings],
    ["Errors", counts.errors, result.value.errors],
  ];
  for (const [title, count, section] of sections) {
    if (count === 0) continue;
    d.println();
    describeResult(d, title, section ?? {});
  }
}

function describeResultsFailure(d: Describer, result: FileResult<unknown>): void {
  const message =
    result.state === "error" || result.state === "badJson" ? result.message : "file not found";
  const verb = result.state === "badJson" ? "decoding" : "getting";
  d.printf(
    `Warnings:\t<error ${verb} warnings: ${message}>\n\nErrors:\t<error ${verb} errors: ${message}>\n`,
  );
}

function describeResult(d: Describer, title: string, result: OperationResult): void {
  d.printf(`${title}:\n`);
  d.describeSlice(1, "Velero", result.velero);
  d.describeSlice(1, "Cluster", result.cluster);
  const namespaces = Object.keys(result.namespaces ?? {}).sort();
  if (namespaces.length === 0) {
    d.printf("\tNamespaces: <none>\n");
    return;
  }
  d.printf("\tNamespaces:\n");
  for (const namespace of namespaces) {
    d.describeSlice(2, namespace, result.namespaces?.[namespace]);
  }
}
