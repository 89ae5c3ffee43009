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
import { discoverResources } from "../../lib/kube/index.js";
import { parseResourceKey, type ResourceListFile } from "./api-versions.js";
import type { ClusterSide } from "./cluster-side.js";
import {
  buildMigrationReport,
  mappedItem,
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

const checkedNote =
  "the restore's own resource list is not in the bucket (the target reads it through a ReadOnly " +
  "location), so each backed-up object was looked up on the target instead";

/**
 * Stands in for the restore's resource list: every backed-up object (under the namespace
 * mappings) found on the target is listed as `present`.
 */
async function checkOnTarget(
  target: ClusterSide,
  backupList: ResourceListFile,
  mappings: Readonly<Record<string, string>>,
): Promise<ResourceListFile> {
  const catalog = await discoverResources(target.ctx.rest());
  const out: Record<string, string[]> = {};
  for (const [key, items] of Object.entries(backupList)) {
    const gvk = parseResourceKey(key);
    const type = catalog.all.find(
      (r) => r.group === gvk?.group && r.version === gvk.version && r.kind === gvk.kind,
    );
    if (type === undefined) continue;
    const client = target.ctx.resources(type);
    const found: string[] = [];
    for (const item of items) {
      const mapped = mappedItem(key, item, mappings);
      const slash = mapped.indexOf("/");
      const [ns, name] =
        slash < 0 ? [undefined, mapped] : [mapped.slice(0, slash), mapped.slice(slash + 1)];
      if (
        await client.get(name, ns).then(
          () => true,
          () => false,
        )
      )
        found.push(`${mapped}(present)`);
    }
    out[key] = found;
  }
  return out;
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
  const lists = await readLists(input, restoreName);
  return buildMigrationReport({
    from: input.source.contextName,
    to: input.target.contextName,
    backup: input.backup,
    restore: restoreName,
    restorePhase: input.restore.status?.phase ?? "New",
    backupList: lists.backupList,
    restoreList: lists.restoreList,
    results: withStatusErrors(lists.results, input.restore, lists.problems),
    namespaceMappings: input.namespaceMappings,
    podVolumes: await podVolumeSummary(input.target, restoreName),
    notes: lists.notes,
  });
}

interface Lists {
  readonly backupList: ResourceListFile;
  readonly restoreList: ResourceListFile;
  readonly results: RestoreResultsFile;
  readonly problems: string[];
  readonly notes: string[];
}

async function readLists(input: ReportSources, restoreName: string): Promise<Lists> {
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
  const backedUp = (backupList.value ?? {}) as ResourceListFile;
  const problems = backupList.problem === undefined ? [] : [backupList.problem];
  const common = { backupList: backedUp, results: (results.value ?? {}) as RestoreResultsFile };
  if (restoreList.value !== undefined) {
    return { ...common, restoreList: restoreList.value as ResourceListFile, problems, notes: [] };
  }
  if (backupList.value === undefined) {
    return {
      ...common,
      restoreList: {},
      problems: [...problems, restoreList.problem ?? ""],
      notes: [],
    };
  }
  const checked = await checkOnTarget(input.target, backedUp, input.namespaceMappings ?? {});
  return { ...common, restoreList: checked, problems, notes: [checkedNote] };
}
