// The shape every Velero delete command shares: select by names, `--all` or `--selector`
// (exactly one), confirm unless `--confirm`, act on each object, and report all failures.
import { Option, type Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import {
  addSelectionFlags,
  requireOneSelection,
  selectObjects,
  throwAggregate,
  type ObjectSource,
  type SelectionOptions,
} from "../../flags/selection.js";

/** Options of a delete command. */
export interface DeleteOptions extends SelectionOptions {
  readonly confirm?: boolean;
}

/** Adds `--all`, `-l/--selector` and `--confirm`. */
export function addDeleteFlags(command: Command, typeName: string): Command {
  addSelectionFlags(command, "delete", typeName);
  return command.addOption(new Option("--confirm", "confirm deletion"));
}

/** One delete run. */
export interface DeletePlan<T> {
  readonly typeName: string;
  readonly source: ObjectSource<T>;
  /** `No backups found` etc. */
  readonly noneFound: string;
  readonly nameOf: (object: T) => string;
  /** Deletes (or requests deletion of) one object and prints what happened. */
  readonly deleteOne: (object: T) => Promise<void>;
}

/**
 * Runs a delete: checks the selection, reads the objects, asks before acting (unless
 * `--confirm`; a "no" ends the command successfully with nothing done), then deletes each,
 * going on after a failure and reporting every failure at the end.
 */
export async function deleteSelected<T>(
  ctx: CliContext,
  names: readonly string[],
  options: DeleteOptions,
  plan: DeletePlan<T>,
): Promise<void> {
  requireOneSelection(names, options, plan.typeName);
  const selected = await selectObjects(plan.source, names, options.selector);
  const errors = [...selected.errors];
  if (selected.items.length === 0) {
    throwAggregate(errors);
    ctx.print(plan.noneFound);
    return;
  }
  if (options.confirm !== true) {
    const list = selected.items.map(plan.nameOf).join(", ");
    if (!(await ctx.confirm(`You are about to delete ${plan.typeName}(s): ${list}`))) return;
  }
  for (const object of selected.items) {
    try {
      await plan.deleteOne(object);
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      errors.push(error);
    }
  }
  throwAggregate(errors);
}
