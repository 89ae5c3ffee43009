// Hooks declared on pods: Velero's `pre.`/`post.hook.backup.velero.io/*` annotations (and the
// legacy un-prefixed `hook.backup.velero.io/*`, which mean pre), the restore exec hook
// `post.hook.restore.velero.io/*` and the restore init hook `init.hook.restore.velero.io/*`.
import {
  formatDuration,
  parseDuration,
  type ExecHook,
  type ExecRestoreHook,
  type HookErrorMode,
} from "../../lib/api/index.js";
import type { Logger } from "../../lib/log.js";

/** When a backup hook runs relative to the pod's backup. */
export type HookPhase = "pre" | "post";

const backupKeys = {
  container: "hook.backup.velero.io/container",
  command: "hook.backup.velero.io/command",
  onError: "hook.backup.velero.io/on-error",
  timeout: "hook.backup.velero.io/timeout",
} as const;

/** The restore exec hook annotations. */
export const restoreExecAnnotations = {
  container: "post.hook.restore.velero.io/container",
  command: "post.hook.restore.velero.io/command",
  onError: "post.hook.restore.velero.io/on-error",
  execTimeout: "post.hook.restore.velero.io/exec-timeout",
  waitTimeout: "post.hook.restore.velero.io/wait-timeout",
  waitForReady: "post.hook.restore.velero.io/wait-for-ready",
} as const;

/** The restore init hook annotations. */
export const restoreInitAnnotations = {
  image: "init.hook.restore.velero.io/container-image",
  name: "init.hook.restore.velero.io/container-name",
  command: "init.hook.restore.velero.io/command",
  timeout: "init.hook.restore.velero.io/timeout",
} as const;

type Annotations = Readonly<Record<string, string>> | undefined;

/**
 * A hook command annotation as Velero reads it: a value starting with `[` is a JSON array of
 * strings (kept whole as one argument when it does not parse), anything else one argument.
 */
export function parseHookCommand(value: string): string[] {
  if (!value.startsWith("[")) return [value];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((p) => typeof p === "string")) return parsed;
  } catch {
    // not JSON: the whole value is the command
  }
  return [value];
}

/** The entries of `fields` that are set and not empty. */
function present(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""),
  );
}

function errorMode(value: string | undefined): HookErrorMode | undefined {
  return value === "Continue" || value === "Fail" ? value : undefined;
}

/** A Go duration annotation in canonical form; undefined (with `warning` logged) when invalid. */
function durationOf(value: string | undefined, log: Logger, warning: string): string | undefined {
  if (value === undefined || value === "") return undefined;
  try {
    return formatDuration(parseDuration(value));
  } catch (error) {
    log.warn(`${warning}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function backupHookFor(
  annotations: Readonly<Record<string, string>>,
  prefix: string,
  log: Logger,
): ExecHook | undefined {
  const command = annotations[prefix + backupKeys.command] ?? "";
  if (command === "") return undefined;
  const container = annotations[prefix + backupKeys.container];
  const onError = errorMode(annotations[prefix + backupKeys.onError]);
  const raw = annotations[prefix + backupKeys.timeout];
  const timeout = durationOf(
    raw,
    log,
    `Unable to parse provided timeout ${raw ?? ""}, using default`,
  );
  return { command: parseHookCommand(command), ...present({ container, onError, timeout }) };
}

/**
 * The backup exec hook a pod's annotations declare for `phase`, or undefined when its
 * `command` annotation is absent. For `pre`, the legacy un-prefixed keys apply when the
 * prefixed ones are absent. An unknown `on-error` is dropped; an invalid timeout is logged.
 */
export function backupHookFromAnnotations(
  annotations: Annotations,
  phase: HookPhase,
  log: Logger,
): ExecHook | undefined {
  if (annotations === undefined) return undefined;
  const phased = backupHookFor(annotations, `${phase}.`, log);
  if (phased !== undefined || phase === "post") return phased;
  return backupHookFor(annotations, "", log);
}

function waitForReadyOf(value: string | undefined, log: Logger): boolean {
  if (value === undefined || value === "") return false;
  const normalized = value.toLowerCase();
  if (["1", "t", "true"].includes(normalized)) return true;
  if (!["0", "f", "false"].includes(normalized))
    log.warn(`Unable to parse wait for ready ${value}, ignoring`);
  return false;
}

/**
 * The restore exec hook a pod's annotations declare, or undefined without a `command`
 * annotation. `waitForReady` is false unless the annotation says otherwise.
 */
export function restoreExecHookFromAnnotations(
  annotations: Annotations,
  log: Logger,
): ExecRestoreHook | undefined {
  const command = annotations?.[restoreExecAnnotations.command] ?? "";
  if (annotations === undefined || command === "") return undefined;
  const container = annotations[restoreExecAnnotations.container];
  const onError = errorMode(annotations[restoreExecAnnotations.onError]);
  const exec = annotations[restoreExecAnnotations.execTimeout];
  const wait = annotations[restoreExecAnnotations.waitTimeout];
  const execTimeout = durationOf(exec, log, `Unable to parse exec timeout ${exec ?? ""}, ignoring`);
  const waitTimeout = durationOf(wait, log, `Unable to parse wait timeout ${wait ?? ""}, ignoring`);
  return {
    command: parseHookCommand(command),
    ...present({ container, onError, execTimeout, waitTimeout }),
    waitForReady: waitForReadyOf(annotations[restoreExecAnnotations.waitForReady], log),
  };
}
