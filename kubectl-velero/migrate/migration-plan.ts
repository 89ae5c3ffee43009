// What a migration will do, decided before anything changes: printed by `--dry-run` and shown
// as the first lines of a real run.
import { stringify } from "yaml";
import type { Backup, Restore } from "../../lib/api/index.js";
import { formatObjects } from "../output/format.js";

/** The migration's decisions. */
export interface MigrationPlan {
  readonly id: string;
  readonly from: { readonly context: string; readonly namespace: string };
  readonly to: { readonly context: string; readonly namespace: string };
  readonly sourceLocation: string;
  readonly targetLocation: {
    readonly name: string;
    /** `reuse` an existing matching location, or `create` a ReadOnly copy. */
    readonly action: "reuse" | "create";
    /** The credentials Secret copied with a created location. */
    readonly credentialsFrom?: string | undefined;
  };
  readonly backup: {
    readonly name: string;
    /** `create` a new Backup, `resume` an unfinished one, `use` the one named. */
    readonly action: "create" | "resume" | "use";
    /** The Backup to create (only for `create`). */
    readonly object?: Backup | undefined;
  };
  readonly restore: {
    readonly name: string;
    readonly action: "create" | "resume";
    readonly object?: Restore | undefined;
  };
}

function backupLine(plan: MigrationPlan): string {
  const { backup } = plan;
  const where = `in ${plan.from.context} (namespace ${plan.from.namespace}, location ${plan.sourceLocation})`;
  if (backup.action === "use") return `use existing backup "${backup.name}" ${where}`;
  if (backup.action === "resume") return `resume unfinished backup "${backup.name}" ${where}`;
  return `create backup "${backup.name}" ${where}`;
}

function locationLine(plan: MigrationPlan): string {
  const { targetLocation: l } = plan;
  if (l.action === "reuse") {
    return `reuse location "${l.name}" in ${plan.to.context}: it reads the source's bucket already`;
  }
  const secret =
    l.credentialsFrom === undefined ? "" : `, with a copy of Secret "${l.credentialsFrom}"`;
  return `create ReadOnly location "${l.name}" in ${plan.to.context} (namespace ${plan.to.namespace}) copying "${plan.sourceLocation}"${secret}`;
}

/** The plan as numbered steps; `withObjects` appends the Backup and Restore as YAML. */
export function renderPlan(plan: MigrationPlan, withObjects: boolean): string {
  const restoreVerb = plan.restore.action === "resume" ? "resume restore" : "create restore";
  const steps = [
    `check that the agent answers in ${plan.from.context} and ${plan.to.context}`,
    locationLine(plan),
    backupLine(plan),
    `wait until ${plan.to.context} has synced backup "${plan.backup.name}" (asking its agent to sync now)`,
    `check that ${plan.to.context} serves every API group version in the backup`,
    `${restoreVerb} "${plan.restore.name}" in ${plan.to.context} from backup "${plan.backup.name}"`,
    "report what arrived",
  ];
  let text = `Migration ${plan.id}: ${plan.from.context} -> ${plan.to.context}\n`;
  text += steps.map((s, i) => `  ${String(i + 1)}. ${s}\n`).join("");
  if (!withObjects) return text;
  for (const object of [plan.backup.object, plan.restore.object]) {
    if (object !== undefined) text += `---\n${stringify(object)}`;
  }
  return text;
}

/** The plan for `--dry-run -o json|yaml`. */
export function formatPlan(plan: MigrationPlan, format: "json" | "yaml"): string {
  return formatObjects([{ kind: "MigrationPlan", ...plan }], format);
}
