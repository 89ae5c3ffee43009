// Cobra's `__complete` protocol for this command tree: given the words typed so far (the last
// one partial), the candidates to offer and a directive telling the shell what else to do.
import type { Command, Option } from "commander";
import { valueCompletion, type CompletionSource, type ValueKind } from "./value-kinds.js";

/** Cobra's ShellCompDirective bits. */
export const Directive = {
  default: 0,
  error: 1,
  noSpace: 2,
  noFileComp: 4,
} as const;

/** One candidate and its optional description (shown by zsh and fish). */
export interface Candidate {
  readonly value: string;
  readonly description?: string;
}

/** The answer to one completion request. */
export interface CompletionResult {
  readonly candidates: readonly Candidate[];
  readonly directive: number;
}

/** Where the typed words leave us: the command reached, its operands and flag values. */
export interface ParsedWords {
  readonly command: Command;
  /** Command names from the root (`["backup", "describe"]`, or `["get", "backups"]`). */
  readonly path: readonly string[];
  readonly operands: readonly string[];
  /** Long flag name (`--from`) ⇒ the last value given. */
  readonly flagValues: ReadonlyMap<string, string>;
  /** The flag whose value is being typed, when the previous word was a flag needing one. */
  readonly pendingFlag?: Option;
}

function visibleOptions(command: Command): Option[] {
  const options: Option[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) options.push(...c.options);
  return options;
}

function findOption(command: Command, flag: string): Option | undefined {
  return visibleOptions(command).find((o) => o.long === flag || o.short === flag);
}

function findSubcommand(command: Command, word: string): Command | undefined {
  return command.commands.find((c) => c.name() === word || c.aliases().includes(word));
}

interface WalkState {
  command: Command;
  path: string[];
  operands: string[];
  flagValues: Map<string, string>;
  pendingFlag: Option | undefined;
}

function takesValue(option: Option): boolean {
  return option.required || option.optional;
}

function stepFlag(state: WalkState, word: string): void {
  const [flag = "", value] = word.split(/=(.*)/s, 2);
  const option = findOption(state.command, flag);
  if (option === undefined || !takesValue(option)) return;
  if (value === undefined) state.pendingFlag = option;
  else state.flagValues.set(option.long ?? flag, value);
}

function step(state: WalkState, word: string): void {
  if (state.pendingFlag !== undefined) {
    state.flagValues.set(state.pendingFlag.long ?? "", word);
    state.pendingFlag = undefined;
    return;
  }
  if (word.startsWith("-") && word !== "-") {
    stepFlag(state, word);
    return;
  }
  const sub = state.operands.length === 0 ? findSubcommand(state.command, word) : undefined;
  if (sub === undefined) {
    state.operands.push(word);
    return;
  }
  state.command = sub;
  state.path.push(sub.name());
}

/** Walks the complete words (all but the partial last one) through the command tree. */
export function parseWords(root: Command, words: readonly string[]): ParsedWords {
  const state: WalkState = {
    command: root,
    path: [],
    operands: [],
    flagValues: new Map(),
    pendingFlag: undefined,
  };
  for (const word of words) step(state, word);
  return state.pendingFlag === undefined
    ? { ...state }
    : { ...state, pendingFlag: state.pendingFlag };
}

function flagCandidates(command: Command): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const option of visibleOptions(command)) {
    if (option.hidden || option.long === undefined || seen.has(option.long)) continue;
    seen.add(option.long);
    out.push({ value: option.long, description: option.description });
  }
  return out;
}

function subcommandCandidates(command: Command): Candidate[] {
  return command.commands
    .filter((c) => !(c as Command & { _hidden?: boolean })._hidden && c.name() !== "help")
    .map((c) => ({ value: c.name(), description: c.description() }));
}

function byPrefix(candidates: readonly Candidate[], prefix: string): Candidate[] {
  return candidates.filter((c) => c.value.startsWith(prefix));
}

async function completeValue(
  kind: ValueKind | undefined,
  parsed: ParsedWords,
  partial: string,
  source: CompletionSource,
): Promise<CompletionResult> {
  const values = await valueCompletion(kind, parsed, source);
  if (values === "files") return { candidates: [], directive: Directive.default };
  const used = new Set(parsed.operands);
  const candidates = values.filter((v) => !used.has(v) || kind?.type !== "operand");
  return {
    candidates: byPrefix(
      candidates.map((value) => ({ value })),
      partial,
    ),
    directive: Directive.noFileComp,
  };
}

/** `--flag=partial`: the flag's values, each prefixed with `--flag=`. */
async function completeInlineValue(
  parsed: ParsedWords,
  flag: string,
  partial: string,
  source: CompletionSource,
): Promise<CompletionResult> {
  const option = findOption(parsed.command, flag);
  const kind = option === undefined ? undefined : ({ type: "flag", option } as const);
  const result = await completeValue(kind, parsed, partial, source);
  return {
    ...result,
    candidates: result.candidates.map((c) => ({ value: `${flag}=${c.value}` })),
  };
}

/**
 * Completes `words` (everything after the program name; the last word is the one being typed,
 * possibly empty): subcommands, flags (`--x` and `--x=value`), flag values and operands.
 */
export async function completeWords(
  root: Command,
  words: readonly string[],
  source: CompletionSource,
): Promise<CompletionResult> {
  const partial = words.at(-1) ?? "";
  const parsed = parseWords(root, words.slice(0, -1));
  if (parsed.pendingFlag !== undefined) {
    return completeValue({ type: "flag", option: parsed.pendingFlag }, parsed, partial, source);
  }
  const inline = /^(--[^=]+)=(.*)$/s.exec(partial);
  if (inline !== null) return completeInlineValue(parsed, inline[1] ?? "", inline[2] ?? "", source);
  if (partial.startsWith("-")) {
    return {
      candidates: byPrefix(flagCandidates(parsed.command), partial),
      directive: Directive.noFileComp,
    };
  }
  const subcommands = subcommandCandidates(parsed.command);
  if (subcommands.length > 0 && parsed.operands.length === 0) {
    return { candidates: byPrefix(subcommands, partial), directive: Directive.noFileComp };
  }
  return completeValue({ type: "operand" }, parsed, partial, source);
}

/** The protocol's output: one `value\tdescription` line per candidate, then `:<directive>`. */
export function formatCompletion(result: CompletionResult): string {
  const lines = result.candidates.map((c) =>
    c.description === undefined || c.description === ""
      ? c.value
      : `${c.value}\t${c.description.split("\n")[0] ?? ""}`,
  );
  return [...lines, `:${String(result.directive)}`].join("\n") + "\n";
}
