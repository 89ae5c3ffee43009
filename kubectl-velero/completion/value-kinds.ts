// What a flag value or an operand completes to: fixed choices (`-o`, `--access-mode`, ...),
// object names from the cluster, kubeconfig contexts, or files (left to the shell).
import type { Option } from "commander";
import type { ParsedWords } from "./complete-words.js";
import { COMPLETION_SHELLS } from "./shell-scripts.js";

/** Kinds of velero.io objects whose names can be completed. */
export type NameKind =
  "backups" | "restores" | "schedules" | "backup-locations" | "snapshot-locations";

/** What completion may look up (each lookup answers `[]` on any failure). */
export interface CompletionSource {
  /** Names of the objects of one kind in the Velero namespace. */
  names(kind: NameKind): Promise<string[]>;
  /** Context names of a kubeconfig file (the default kubeconfig when undefined). */
  contexts(kubeconfig: string | undefined): Promise<string[]>;
}

/** What is being completed. */
export type ValueKind =
  { readonly type: "flag"; readonly option: Option } | { readonly type: "operand" };

const nouns: Readonly<Record<string, NameKind>> = {
  backup: "backups",
  backups: "backups",
  restore: "restores",
  restores: "restores",
  schedule: "schedules",
  schedules: "schedules",
  "backup-location": "backup-locations",
  "backup-locations": "backup-locations",
  "snapshot-location": "snapshot-locations",
  "snapshot-locations": "snapshot-locations",
};

const verbsTakingNames = new Set([
  "get",
  "describe",
  "delete",
  "logs",
  "download",
  "set",
  "pause",
  "unpause",
]);
const singleNameVerbs = new Set(["logs", "download", "set"]);

/** The object kind and verb of a command path (`backup describe`, `get backups`). */
export function nounAndVerb(path: readonly string[]): { noun?: NameKind; verb?: string } {
  const nounWord = path.find((word) => nouns[word] !== undefined);
  const verb = path.find((word) => word !== nounWord);
  return {
    ...(nounWord === undefined ? {} : { noun: nouns[nounWord] }),
    ...(verb === undefined ? {} : { verb }),
  };
}

function operandValues(parsed: ParsedWords, source: CompletionSource): Promise<readonly string[]> {
  if (parsed.path[0] === "completion") {
    return Promise.resolve(parsed.operands.length === 0 ? COMPLETION_SHELLS : []);
  }
  const { noun, verb } = nounAndVerb(parsed.path);
  if (noun === undefined || verb === undefined || !verbsTakingNames.has(verb)) {
    return Promise.resolve([]);
  }
  if (singleNameVerbs.has(verb) && parsed.operands.length > 0) return Promise.resolve([]);
  return source.names(noun);
}

const fixedChoices: Readonly<Record<string, readonly string[]>> = {
  "--existing-resource-policy": ["none", "update"],
  "--access-mode": ["ReadWrite", "ReadOnly"],
  "--uploader-type": ["kopia", "restic"],
};

const nameFlags: Readonly<Record<string, NameKind>> = {
  "--from-backup": "backups",
  "--from-schedule": "schedules",
  "--storage-location": "backup-locations",
  "--volume-snapshot-locations": "snapshot-locations",
};

function isFileFlag(long: string): boolean {
  return /kubeconfig$|file$|cacert$|-dir$/.test(long);
}

function outputChoices(parsed: ParsedWords): readonly string[] | "files" {
  const { noun, verb } = nounAndVerb(parsed.path);
  if (verb === "download") return "files";
  if (noun === "backups" && verb === "describe") return ["plaintext", "json"];
  if (parsed.path[0] === "install") return ["json", "yaml"];
  return ["table", "json", "yaml"];
}

function contextsFor(
  long: string,
  parsed: ParsedWords,
  source: CompletionSource,
): Promise<string[]> {
  const side =
    long === "--from" || long === "--to" ? parsed.flagValues.get(`${long}-kubeconfig`) : undefined;
  return source.contexts(side ?? parsed.flagValues.get("--kubeconfig"));
}

function providerChoices(parsed: ParsedWords): readonly string[] {
  return nounAndVerb(parsed.path).noun === "snapshot-locations"
    ? ["aws", "azure", "gcp"]
    : ["aws", "azure", "gcp", "filesystem"];
}

async function flagValues(
  option: Option,
  parsed: ParsedWords,
  source: CompletionSource,
): Promise<readonly string[] | "files"> {
  const long = option.long ?? "";
  if (long === "--output") return outputChoices(parsed);
  if (long === "--provider") return providerChoices(parsed);
  const fixed = fixedChoices[long];
  if (fixed !== undefined) return fixed;
  const kind = nameFlags[long];
  if (kind !== undefined) return source.names(kind);
  if (["--context", "--kubecontext", "--from", "--to"].includes(long)) {
    return contextsFor(long, parsed, source);
  }
  return isFileFlag(long) ? "files" : [];
}

/** The values to offer, or `"files"` to let the shell complete paths. */
export async function valueCompletion(
  kind: ValueKind | undefined,
  parsed: ParsedWords,
  source: CompletionSource,
): Promise<readonly string[] | "files"> {
  if (kind === undefined) return [];
  if (kind.type === "operand") return operandValues(parsed, source);
  return flagValues(kind.option, parsed, source);
}
