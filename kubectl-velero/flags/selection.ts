// Which objects a command acts on: names, `--all` or `-l/--selector` (Velero's select options,
// exactly one of them for delete/pause/unpause), and fetching what they select.
import { Option, type Command } from "commander";
import type { LabelSelector } from "../../lib/api/index.js";
import { isNotFound } from "../../lib/kube/index.js";
import { VeleroError } from "../../lib/errors.js";
import { UsageError } from "../errors.js";
import { formatLabelSelector, parseLabelSelector } from "./label-selector.js";

/** The parsed selection flags. */
export interface SelectionOptions {
  readonly all?: boolean;
  readonly selector?: LabelSelector;
}

/** Adds `--all` and `-l/--selector` (`verb` and `typeName` only word the help). */
export function addSelectionFlags(command: Command, verb: string, typeName: string): Command {
  return command
    .addOption(new Option("--all", `${verb} all ${typeName}s`))
    .addOption(
      new Option(
        "-l, --selector <selector>",
        `${verb} all ${typeName}s matching this label selector`,
      ).argParser(parseLabelSelector),
    );
}

/** Adds `-l/--selector` to a get/describe command. */
export function addSelectorFlag(command: Command): Command {
  return command.addOption(
    new Option(
      "-l, --selector <selector>",
      "only show items matching this label selector",
    ).argParser(parseLabelSelector),
  );
}

/** Velero's rule: exactly one of names, `--all` and `--selector`. */
export function requireOneSelection(
  names: readonly string[],
  options: SelectionOptions,
  typeName: string,
): void {
  const modes = [names.length > 0, options.all === true, options.selector !== undefined];
  if (modes.filter(Boolean).length !== 1) {
    throw new UsageError(
      `you must specify exactly one of: specific ${typeName} name(s), the --all flag, or the --selector flag`,
    );
  }
}

/** The API's label selector query for a parsed selector (undefined selects everything). */
export function selectorQuery(selector: LabelSelector | undefined): string | undefined {
  return selector === undefined ? undefined : formatLabelSelector(selector);
}

/** What can read objects of one kind by name or by label selector. */
export interface ObjectSource<T> {
  get(name: string): Promise<T>;
  list(labelSelector?: string): Promise<T[]>;
}

/** The objects found and, per missing or unreadable name, the error. */
export interface Selected<T> {
  readonly items: T[];
  readonly errors: Error[];
}

/**
 * Reads the named objects (every name; failures are collected, not thrown) or, without names,
 * lists those matching the selector.
 */
export async function selectObjects<T>(
  source: ObjectSource<T>,
  names: readonly string[],
  selector: LabelSelector | undefined,
): Promise<Selected<T>> {
  if (names.length === 0) return { items: await source.list(selectorQuery(selector)), errors: [] };
  const items: T[] = [];
  const errors: Error[] = [];
  for (const name of names) {
    try {
      items.push(await source.get(name));
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      errors.push(error);
      if (!isNotFound(error)) break;
    }
  }
  return { items, errors };
}

/** Throws the errors as Kubernetes aggregates them: one as is, several as `[a, b]`. */
export function throwAggregate(errors: readonly Error[]): void {
  const [first] = errors;
  if (first === undefined) return;
  if (errors.length === 1) throw first;
  throw new VeleroError("Aggregate", `[${errors.map((e) => e.message).join(", ")}]`);
}
