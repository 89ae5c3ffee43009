// Runs one exec hook in a pod as Velero's PodCommandExecutor does: the default container (the
// first) or a check that the named one exists, onError and timeout defaults, nothing for pods
// that already finished, and the hook's stdout and stderr in the log.
import { formatDuration, parseDuration, type ExecHook } from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { PodExec } from "./pod-exec.js";

/** Velero's default hook timeout. */
export const defaultHookTimeoutMs = 30_000;

interface PodShape {
  spec?: {
    containers?: { name: string }[];
    initContainers?: { name: string; restartPolicy?: string }[];
  };
  status?: { phase?: string };
}

/** What {@link executePodCommand} runs. */
export interface PodCommand {
  readonly pod: KubeObject;
  /** The spec entry's name, or `<from-annotation>`. */
  readonly hookName: string;
  readonly hook: ExecHook;
  readonly log: Logger;
  readonly exec: PodExec;
  readonly signal: AbortSignal;
}

/** The container a hook runs in: the named one (an app container or a sidecar) or the first. */
export function hookContainer(pod: KubeObject, requested: string | undefined): string {
  const spec = (pod as PodShape).spec ?? {};
  const containers = spec.containers ?? [];
  if (requested === undefined || requested === "") {
    const first = containers[0];
    if (first === undefined) throw new Error("need at least 1 container");
    return first.name;
  }
  const sidecars = (spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always");
  if ([...containers, ...sidecars].some((c) => c.name === requested)) return requested;
  throw new Error(`no such container: ${JSON.stringify(requested)}`);
}

function timeoutMsOf(hook: ExecHook): number {
  const ms = hook.timeout === undefined || hook.timeout === "" ? 0 : parseDuration(hook.timeout);
  return ms === 0 ? defaultHookTimeoutMs : ms;
}

/** `[sh -c echo hi]`: a command as Go's `%v` prints a string slice. */
export function goStrings(values: readonly string[]): string {
  return `[${values.join(" ")}]`;
}

/** Longest stderr quoted in a failed hook's error. */
const stderrLimit = 4096;

/**
 * `, stderr: <text>` for a failed hook's error (beyond Velero, whose error leaves stderr to the
 * log), so that the restore's results say why the hook failed; empty without stderr.
 */
export function stderrNote(stderr: string): string {
  const text = stderr.trim();
  if (text === "") return "";
  return `, stderr: ${text.length > stderrLimit ? `${text.slice(0, stderrLimit)}...` : text}`;
}

/** How a hook command ended: `error` set when it failed, with the command's stderr. */
export interface PodCommandOutcome {
  readonly error?: string;
  readonly stderr: string;
}

/**
 * Runs the hook; resolves with the error text when it failed (undefined on success). Throws
 * only when `signal` aborts.
 */
export async function executePodCommand(command: PodCommand): Promise<string | undefined> {
  return (await runPodCommand(command)).error;
}

/** As {@link executePodCommand}, with the command's stderr as well. */
export async function runPodCommand(command: PodCommand): Promise<PodCommandOutcome> {
  const { pod, hook } = command;
  let container: string;
  let timeoutMs: number;
  try {
    container = hookContainer(pod, hook.container);
    if (hook.command.length === 0) throw new Error("command is required");
    timeoutMs = timeoutMsOf(hook);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), stderr: "" };
  }
  const log = command.log.child({
    hookName: command.hookName,
    hookContainer: container,
    hookCommand: goStrings(hook.command),
    hookOnError: hook.onError ?? "Fail",
    hookTimeout: `{${formatDuration(timeoutMs)}}`,
  });
  const phase = (pod as PodShape).status?.phase;
  if (phase === "Succeeded" || phase === "Failed") {
    log.info(`Pod entered phase ${phase} before some post-backup exec hooks ran`);
    return { stderr: "" };
  }
  log.info("running exec hook");
  return run(command, { container, timeoutMs, log });
}

async function run(
  command: PodCommand,
  how: { container: string; timeoutMs: number; log: Logger },
): Promise<PodCommandOutcome> {
  const timeout = new AbortController();
  const timer = setTimeout(() => {
    timeout.abort();
  }, how.timeoutMs);
  const signal = AbortSignal.any([command.signal, timeout.signal]);
  try {
    const result = await command.exec({
      namespace: command.pod.metadata?.namespace ?? "",
      pod: command.pod.metadata?.name ?? "",
      container: how.container,
      command: command.hook.command,
      signal,
    });
    how.log.info(`stdout: ${result.stdout}`);
    how.log.info(`stderr: ${result.stderr}`);
    return result.error === undefined
      ? { stderr: result.stderr }
      : { error: result.error, stderr: result.stderr };
  } catch (error) {
    command.signal.throwIfAborted();
    if (timeout.signal.aborted) {
      return { error: `timed out after ${formatDuration(how.timeoutMs)}`, stderr: "" };
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
