// The order in which a restore visits the resources of a backup: Velero's high priorities, then
// every other resource alphabetically, then the low priorities.
import { compareUtf8 } from "../../lib/archive/index.js";
import type { RestorePriorities } from "./restore-priorities.js";

/** Resolves a priority entry (`pods`, `storageclasses`) to a group-resource, if served. */
export type PriorityResolver = (name: string) => string | undefined;

/**
 * The backup's resources (group-resource strings such as `deployments.apps`) in restore order:
 * the high priorities in their order, then every resource no priority names sorted by byte
 * order (Go's `sort.Strings`), then the low priorities in their order. Priority entries resolve
 * through `resolve` (so `customresourcedefinitions` names
 * `customresourcedefinitions.apiextensions.k8s.io`); an entry that does not resolve is used as
 * written. Resources absent from the backup are left out; none appears twice.
 */
export function orderResources(
  priorities: RestorePriorities,
  backupResources: readonly string[],
  resolve: PriorityResolver,
): string[] {
  const present = new Set(backupResources);
  const resolved = (names: readonly string[]): string[] =>
    names.map((name) => resolve(name) ?? name);
  const high = resolved(priorities.high);
  const low = resolved(priorities.low);
  const named = new Set([...high, ...low]);
  const middle = backupResources.filter((gr) => !named.has(gr)).sort(compareUtf8);
  const ordered: string[] = [];
  const seen = new Set<string>();
  for (const gr of [...high, ...middle, ...low]) {
    if (!present.has(gr) || seen.has(gr)) continue;
    seen.add(gr);
    ordered.push(gr);
  }
  return ordered;
}
