// Step 7's gathering: the backup's resource list (from the source), the restore's resource list
// and results (from the target, through DownloadRequests), and its pod volume restores.
import {
  getValidLabelValue,
  RESTORE_NAME_LABEL,
  type DownloadTargetKind,
  type Restore,
} from "../../lib/api/index.js";
import { downloadToBuffer } from "../download/download-request-client.js";
import { downloadOptionsFor } from "../download/download-flags.js";
import { loadJsonFile, fileErrorMessage } from "../output/side-files.js";
import type { ResourceListFile } from "./api-versions.js";
import type { ClusterSide } from "./cluster-side.js";
import {
  buildMigrationReport,
  type MigrationReport,
  type PodVolumeSummary,
  type RestoreResultsFile,
} from "./migration-report.js";

/** How long the agent may take to hand out a download URL. */
const downloadTimeoutMs = 60_000;

/** Downloads one JSON side file of a backup or restore through `side`'s agent. */
export async function downloadJson(
  side: ClusterSide,
  target: { readonly kind: DownloadTargetKind; readonly name: string; readonly location: string },
): Promise<{ value?: unknown; problem?: string }> {
  const options = await downloadOptionsFor(
    side.ctx,
    side.clients,
    { kind: target.kind, name: target.name, locationName: target.location },
    { timeoutMs: downloadTimeoutMs },
  );
  const file = await loadJsonFile<unknown>(() => downloadToBuffer(options), target.kind);
  if (file.state === "ok") return { value: file.value };
  return { problem: `${target.kind} of "${target.name}": ${fileErrorMessage(file)}` };
}

async function podVolumeSummary(
  target: ClusterSide,
  restore: string,
): Promise<PodVolumeSummary | undefined> {
  const pvrs = await target.clients.podVolumeRestores.list(
    `${RESTORE_NAME_LABEL}=${getValidLabelValue(restore)}`,
  );
  if (pvrs.length === 0) return undefined;
  let bytesRestored = 0;
  for (const pvr of pvrs) bytesRestored += pvr.status?.progress?.bytesDone ?? 0;
  return {
    volumes: pvrs.length,
    completed: pvrs.filter((p) => p.status?.phase === "Completed").length,
    failed: pvrs.filter((p) => p.status?.phase === "Failed").length,
    bytesRestored,
  };
}

function withStatusErrors(
  results: RestoreResultsFile,
  restore: Restore,
  problems: readonly string[],
): RestoreResultsFile {
  const extra = [
    ...(restore.status?.validationErrors ?? []).map((e) => `validation: ${e}`),
    ...(restore.status?.failureReason ? [`failure: ${restore.status.failureReason}`] : []),
    ...problems.map((p) => `could not read ${p}`),
  ];
  if (extra.length === 0) return results;
  const errors = results.errors ?? {};
  return { ...results, errors: { ...errors, velero: [...(errors.velero ?? []), ...extra] } };
}

/** What the report step needs. */
export interface ReportSources {
  readonly source: ClusterSide;
  readonly target: ClusterSide;
  readonly backup: string;
  readonly sourceLocation: string;
  readonly targetLocation: string;
  readonly restore: Restore;
  readonly namespaceMappings?: Readonly<Record<string, string>> | undefined;
}

/** Reads everything the report needs and builds it. */
export async function gatherReport(input: ReportSources): Promise<MigrationReport> {
  const restoreName = input.restore.metadata.name ?? "";
  const fromTarget = { name: restoreName, location: input.targetLocation };
  const [backupList, restoreList, results] = await Promise.all([
    downloadJson(input.source, {
      kind: "BackupResourceList",
      name: input.backup,
      location: input.sourceLocation,
    }),
    downloadJson(input.target, { kind: "RestoreResourceList", ...fromTarget }),
    downloadJson(input.target, { kind: "RestoreResults", ...fromTarget }),
  ]);
  const problems = [backupList.problem, restoreList.problem, results.problem].filter(
    (p): p is string => p !== undefined && !p.startsWith("RestoreResults"),
  );
  return buildMigrationReport({
    from: input.source.contextName,
    to: input.target.contextName,
    backup: input.backup,
    restore: restoreName,
    restorePhase: input.restore.status?.phase ?? "New",
    backupList: (backupList.value ?? {}) as ResourceListFile,
    restoreList: (restoreList.value ?? {}) as ResourceListFile,
    results: withStatusErrors(results.value ?? {}, input.restore, problems),
    namespaceMappings: input.namespaceMappings,
    podVolumes: await podVolumeSummary(input.target, restoreName),
  });
}
