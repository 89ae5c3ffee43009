// Boolean flags as Velero's (pflag) parse them: `--wait`, `--wait=false`, and tri-state
// optional booleans (`--include-cluster-resources`, `=true`, `=false`, or unset = nil).
import { Option, type Command } from "commander";
import { UsageError } from "../errors.js";

const truthy = new Set(["1", "t", "true"]);
const falsy = new Set(["0", "f", "false"]);

/**
 * The options of a tri-state boolean flag: `--name` sets true, `--name=false` sets false (via
 * a hidden `--no-name`), absent leaves it undefined (Velero's nil = "use the default").
 */
export function optionalBoolOptions(name: string, description: string): Option[] {
  return [new Option(`--${name}`, description), new Option(`--no-${name}`).hideHelp()];
}

/** Adds {@link optionalBoolOptions} to a command. */
export function addOptionalBool(command: Command, name: string, description: string): Command {
  for (const option of optionalBoolOptions(name, description)) command.addOption(option);
  return command;
}

interface BooleanFlag {
  readonly hasNegation: boolean;
}

function collectBooleanFlags(root: Command): Map<string, BooleanFlag> {
  const flags = new Map<string, BooleanFlag>();
  const visit = (command: Command): void => {
    const longs = new Set(command.options.map((o) => o.long ?? ""));
    for (const option of command.options) {
      const long = option.long;
      if (long === undefined || option.required || option.optional || option.negate) continue;
      flags.set(long, { hasNegation: longs.has(long.replace(/^--/, "--no-")) });
    }
    for (const sub of command.commands) visit(sub);
  };
  visit(root);
  return flags;
}

/** Cobra's completion request: its words are data (operands), never flags to parse. */
const completionRequest = "__complete";

/**
 * Rewrites `--flag=true|false` of boolean flags into the forms commander understands, so
 * Velero command lines keep working. Throws {@link UsageError} for a non-boolean value. A completion request
 * (`__complete ...`) is passed on with `--` so that its words stay operands.
 */
export function normalizeBooleanFlags(root: Command, argv: readonly string[]): string[] {
  if (argv[0] === completionRequest) return [completionRequest, "--", ...argv.slice(1)];
  const flags = collectBooleanFlags(root);
  const out: string[] = [];
  for (const [index, token] of argv.entries()) {
    if (token === "--") {
      out.push(...argv.slice(index));
      break;
    }
    const match = /^(--[^=]+)=(.*)$/.exec(token);
    const flag = match === null ? undefined : flags.get(match[1] ?? "");
    if (match === null || flag === undefined) {
      out.push(token);
      continue;
    }
    const [, name = "", raw = ""] = match;
    out.push(...rewrite(name, raw, flag));
  }
  return out;
}

function rewrite(name: string, raw: string, flag: BooleanFlag): string[] {
  const value = raw.toLowerCase();
  if (truthy.has(value)) return [name];
  if (!falsy.has(value)) {
    throw new UsageError(`invalid argument "${raw}" for "${name}" flag: expected true or false`);
  }
  return flag.hasNegation ? [name.replace(/^--/, "--no-")] : [];
}
