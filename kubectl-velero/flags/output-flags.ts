// `-o/--output`, `-L/--label-columns` and `--show-labels`, as Velero binds them on get and
// create commands (create: no default format, meaning "submit, don't print").
import { Option, type Command } from "commander";
import { parseOutputFormat, type OutputFormat } from "../output/format.js";
import type { LabelColumns } from "../output/table.js";
import { parseStringList } from "./string-list.js";

/** The parsed output flags. */
export interface OutputOptions {
  readonly output?: OutputFormat;
  readonly labelColumns?: string[];
  readonly showLabels?: boolean;
}

/**
 * Adds the output flags. `get` commands default to `table`; `create` commands have no
 * default: with `-o` they print the object and do not submit it.
 */
export function addOutputFlags(command: Command, defaultFormat?: "table"): Command {
  const output = new Option(
    "-o, --output <format>",
    "output format: table, json or yaml (on create commands: print the object, do not submit it)",
  ).argParser(parseOutputFormat);
  if (defaultFormat !== undefined) output.default(defaultFormat);
  return command
    .addOption(output)
    .addOption(
      new Option("-L, --label-columns <list>", "labels to show as columns").argParser(
        parseStringList,
      ),
    )
    .addOption(new Option("--show-labels", "show all labels in the last column"));
}

/** The label-column settings of a table. */
export function labelColumnsOf(options: OutputOptions): LabelColumns {
  return {
    ...(options.labelColumns === undefined ? {} : { columnLabels: options.labelColumns }),
    ...(options.showLabels === undefined ? {} : { showLabels: options.showLabels }),
  };
}
