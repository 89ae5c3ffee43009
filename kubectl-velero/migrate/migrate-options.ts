// The parsed flags of `migrate` and their client-side checks.
import type { BackupFilterOptions } from "../flags/backup-filter-flags.js";
import { validateBackupFilters } from "../flags/backup-filter-flags.js";
import { requireObjectName, labelProblem } from "../flags/resource-name.js";
import { throwProblems } from "../flags/include-exclude.js";
import { parseExistingResourcePolicy } from "../commands/restore/build-restore.js";
import { UsageError } from "../errors.js";

/** Every flag of `migrate` (commander's camelCase names). */
export interface MigrateOptions extends BackupFilterOptions {
  readonly from?: string;
  readonly to?: string;
  readonly fromKubeconfig?: string;
  readonly toKubeconfig?: string;
  readonly fromNamespace?: string;
  readonly toNamespace?: string;
  readonly namespaceMappings?: Record<string, string>;
  readonly existingResourcePolicy?: string;
  readonly backupName?: string;
  /** Go duration text (parsed by the flag). */
  readonly timeout: string;
  readonly ignoreMissingApiVersions?: boolean;
  readonly dryRun?: boolean;
  readonly output?: "table" | "json" | "yaml";
}

/** Velero's checks of the backup filters and restore flags, plus migrate's own. */
export function validateMigrateOptions(options: MigrateOptions): void {
  if (options.backupName !== undefined) requireObjectName("backup", options.backupName);
  parseExistingResourcePolicy(options.existingResourcePolicy);
  validateBackupFilters(options);
  const problems: string[] = [];
  for (const [from, to] of Object.entries(options.namespaceMappings ?? {})) {
    for (const ns of [from, to]) {
      const problem = labelProblem(ns);
      if (problem !== undefined)
        problems.push(`invalid namespace mapping "${from}:${to}": "${ns}" ${problem}`);
    }
  }
  throwProblems(problems);
}

/** The two sides must differ: same API server and same Velero namespace is no migration. */
export function requireDistinctSides(
  source: { readonly server: string; readonly namespace: string; readonly contextName: string },
  target: { readonly server: string; readonly namespace: string; readonly contextName: string },
): void {
  if (source.server === target.server && source.namespace === target.namespace) {
    throw new UsageError(
      `--from "${source.contextName}" and --to "${target.contextName}" are the same cluster (${source.server}); name two different clusters`,
    );
  }
}
