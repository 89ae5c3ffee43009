// Restore exec hooks as Velero's wait-exec hook handler runs them: the pod's
// `post.hook.restore.velero.io/*` annotation hook, or else the Restore's applicable
// `postHooks[].exec` entries, grouped by container; each container's hooks run in order once
// it is running (ready, when a hook asks for it), within the hooks' wait timeouts; failures
// and hooks that never ran are errors for the restore.
import type { ExecRestoreHook, RestoreResourceHookSpec } from "../../lib/api/index.js";
import { parseDuration } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import { restoreExecHookFromAnnotations } from "./hook-annotations.js";
import { podHookSelector } from "./hook-selector.js";
import type { HookKey, HookSource, HookTracker } from "./hook-tracker.js";
import { runPodCommand, stderrNote } from "./pod-command-executor.js";
import { podFacts, type PodFacts } from "./pod-facts.js";
import type { PodExec } from "./pod-exec.js";

/** One exec hook of a restored pod. */
export interface PodExecRestoreHook {
  readonly hookName: string;
  readonly source: HookSource;
  /** With `container` filled in (the first container by default). */
  readonly hook: ExecRestoreHook & { container: string };
  readonly index: number;
}

interface PodShape {
  spec?: { containers?: { name: string }[] };
  status?: {
    phase?: string;
    containerStatuses?: { name: string; ready?: boolean; state?: { running?: unknown } }[];
  };
}

function annotationHook(facts: PodFacts, first: string, log: Logger): PodExecRestoreHook[] {
  const annotated = restoreExecHookFromAnnotations(facts.annotations, log);
  if (annotated === undefined) return [];
  const hook = { ...annotated, container: annotated.container ?? first };
  return [{ hookName: "<from-annotation>", source: "annotation", hook, index: 0 }];
}

function specHooks(
  facts: PodFacts,
  first: string,
  hooks: readonly RestoreResourceHookSpec[],
): PodExecRestoreHook[] {
  const target = { namespace: facts.namespace, labels: facts.labels };
  const found: PodExecRestoreHook[] = [];
  for (const spec of hooks.filter((s) => podHookSelector(s)(target))) {
    for (const [index, entry] of (spec.postHooks ?? []).entries()) {
      if (entry.exec === undefined) continue;
      const hook = {
        ...entry.exec,
        container: entry.exec.container ?? first,
        waitForReady: entry.exec.waitForReady ?? false,
      };
      found.push({ hookName: spec.name, source: "spec", hook, index });
    }
  }
  return found;
}

/**
 * The pod's restore exec hooks by container (Velero's GroupRestoreExecHooks), each registered
 * in `tracker`: the annotation hook alone when there is one, else the applicable spec hooks.
 */
export function groupRestoreExecHooks(options: {
  readonly pod: KubeObject;
  readonly hooks: readonly RestoreResourceHookSpec[];
  readonly tracker: HookTracker;
  readonly log: Logger;
}): Map<string, PodExecRestoreHook[]> {
  const facts = podFacts(options.pod);
  const byContainer = new Map<string, PodExecRestoreHook[]>();
  const first = facts.containers[0];
  if (first === undefined) return byContainer;
  const fromAnnotation = annotationHook(facts, first, options.log);
  const entries =
    fromAnnotation.length > 0 ? fromAnnotation : specHooks(facts, first, options.hooks);
  for (const entry of entries) {
    options.tracker.add(trackerKey(options.pod, entry));
    const list = byContainer.get(entry.hook.container) ?? [];
    byContainer.set(entry.hook.container, [...list, entry]);
  }
  return byContainer;
}

function trackerKey(pod: KubeObject, entry: PodExecRestoreHook): HookKey {
  return {
    namespace: pod.metadata?.namespace ?? "",
    pod: pod.metadata?.name ?? "",
    container: entry.hook.container,
    source: entry.source,
    name: entry.hookName,
    phase: "",
    index: entry.index,
  };
}

/** Options of {@link runRestoreExecHooks}. */
export interface RestoreExecHookOptions {
  /** The restored pod as created. */
  readonly pod: KubeObject;
  /** `restore.spec.hooks.resources`. */
  readonly hooks: readonly RestoreResourceHookSpec[];
  readonly exec: PodExec;
  /** Reads the pod's current state; undefined once it is gone. */
  readonly getPod: (namespace: string, name: string) => Promise<KubeObject | undefined>;
  readonly tracker: HookTracker;
  /** The restore's log. */
  readonly log: Logger;
  readonly clock: Clock;
  /** The agent is stopping: the run rejects. */
  readonly signal: AbortSignal;
  /**
   * Velero's shared hooks context: once it aborts, the wait ends and the hooks that did not run
   * are errors, `not executed: <reason>` (a string reason, else `context canceled`). A hook
   * already running finishes.
   */
  readonly cancel?: AbortSignal;
  /** How often the pod is looked at while waiting (default 1 s). */
  readonly pollMs?: number;
}

const waitMsOf = (hook: ExecRestoreHook): number =>
  hook.waitTimeout === undefined || hook.waitTimeout === "" ? 0 : parseDuration(hook.waitTimeout);

/** The longest wait of any hook; 0 (no limit) as soon as one hook has none. */
function maxWaitMs(byContainer: Map<string, PodExecRestoreHook[]>): number {
  const waits = [...byContainer.values()].flat().map((h) => waitMsOf(h.hook));
  return waits.includes(0) ? 0 : Math.max(0, ...waits);
}

function isContainerUp(pod: KubeObject, container: string, hooks: PodExecRestoreHook[]): boolean {
  const waitForReady = hooks.some((h) => h.hook.waitForReady === true);
  const status = (pod as PodShape).status?.containerStatuses?.find((s) => s.name === container);
  if (status === undefined) return false;
  return waitForReady ? status.ready === true : status.state?.running !== undefined;
}

/**
 * Waits for the pod's containers and runs their restore exec hooks (see the file comment).
 * Resolves with one message per failed or unexecuted hook (also logged as errors); rejects
 * only when `signal` aborts.
 */
export async function runRestoreExecHooks(options: RestoreExecHookOptions): Promise<string[]> {
  const byContainer = groupRestoreExecHooks(options);
  const { pod, log } = options;
  const podName = `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
  const containers = new Set(((pod as PodShape).spec?.containers ?? []).map((c) => c.name));
  for (const name of byContainer.keys()) {
    if (containers.has(name)) continue;
    log.warn(`Pod ${podName} does not have container ${name}: discarding post-restore exec hooks`);
    byContainer.delete(name);
  }
  if (byContainer.size === 0) return [];
  const run = new RestoreHookRun(options, byContainer, podName);
  await run.watch();
  return run.finish();
}

class RestoreHookRun {
  readonly #options: RestoreExecHookOptions;
  readonly #pending: Map<string, PodExecRestoreHook[]>;
  readonly #executed = new Set<PodExecRestoreHook>();
  readonly #errors: string[] = [];
  readonly #podName: string;
  readonly #started: number;
  #stopReason = "context canceled";

  constructor(
    options: RestoreExecHookOptions,
    pending: Map<string, PodExecRestoreHook[]>,
    podName: string,
  ) {
    this.#options = options;
    this.#pending = pending;
    this.#podName = podName;
    this.#started = options.clock.now().getTime();
  }

  /** Looks at the pod until every container's hooks ran, one failed with Fail, or time is up. */
  async watch(): Promise<void> {
    const { clock, signal } = this.#options;
    const maxWait = maxWaitMs(this.#pending);
    const { namespace = "", name = "" } = this.#options.pod.metadata ?? {};
    while (this.#pending.size > 0 && !this.#cancelled()) {
      const pod = await this.#options.getPod(namespace, name);
      if (!(await this.#observe(pod))) return;
      if (this.#pending.size === 0) return;
      if (maxWait > 0 && clock.now().getTime() - this.#started > maxWait) {
        this.#stopReason = "context deadline exceeded";
        return;
      }
      await this.#pause(clock, signal);
    }
  }

  #cancelled(): boolean {
    const cancel = this.#options.cancel;
    if (cancel?.aborted !== true) return false;
    this.#stopReason = typeof cancel.reason === "string" ? cancel.reason : "context canceled";
    return true;
  }

  async #pause(clock: Clock, signal: AbortSignal): Promise<void> {
    const cancel = this.#options.cancel;
    const either = cancel === undefined ? signal : AbortSignal.any([signal, cancel]);
    try {
      await clock.sleep(this.#options.pollMs ?? 1_000, either);
    } catch (error) {
      if (signal.aborted || cancel?.aborted !== true) throw error;
    }
  }

  /** Runs the hooks of containers that are up; false when the wait must end. */
  async #observe(pod: KubeObject | undefined): Promise<boolean> {
    const log = this.#options.log.child({ pod: this.#podName });
    if (pod === undefined) {
      log.error(`pod ${this.#podName} deleted before all hooks were executed`);
      return false;
    }
    const phase = (pod as PodShape).status?.phase;
    if (phase === "Succeeded" || phase === "Failed") {
      log.warn(`pod entered phase ${phase} before some post-restore exec hooks ran`);
      return false;
    }
    for (const [container, hooks] of [...this.#pending]) {
      if (!isContainerUp(pod, container, hooks)) {
        log.info(`Container ${container} is not up: post-restore hooks will not yet be executed`);
        continue;
      }
      if (!(await this.#runContainer(pod, hooks, log))) return false;
      this.#pending.delete(container);
    }
    return true;
  }

  async #runContainer(
    pod: KubeObject,
    hooks: PodExecRestoreHook[],
    podLog: Logger,
  ): Promise<boolean> {
    for (const entry of hooks) {
      this.#executed.add(entry);
      const log = podLog.child({ hookSource: entry.source, hookType: "exec", hookPhase: "post" });
      const error = this.#expired(entry) ?? (await this.#exec(pod, entry, log));
      this.#options.tracker.record(trackerKey(this.#options.pod, entry), error !== undefined);
      if (error !== undefined) this.#errors.push(error);
      if (error !== undefined && entry.hook.onError === "Fail") return false;
    }
    return true;
  }

  #expired(entry: PodExecRestoreHook): string | undefined {
    const wait = waitMsOf(entry.hook);
    if (wait === 0 || this.#options.clock.now().getTime() - this.#started <= wait) return undefined;
    const error = `hook ${entry.hookName} in container ${entry.hook.container} expired before executing`;
    this.#options.log.error(error);
    return error;
  }

  async #exec(
    pod: KubeObject,
    entry: PodExecRestoreHook,
    log: Logger,
  ): Promise<string | undefined> {
    const { hook } = entry;
    const { error, stderr } = await runPodCommand({
      pod,
      hookName: entry.hookName,
      hook: {
        container: hook.container,
        command: hook.command,
        ...(hook.onError === undefined ? {} : { onError: hook.onError }),
        ...(hook.execTimeout === undefined ? {} : { timeout: hook.execTimeout }),
      },
      log,
      exec: this.#options.exec,
      signal: this.#options.signal,
    });
    if (error === undefined) return undefined;
    log.error("Error executing hook", { error });
    return `hook ${entry.hookName} in container ${hook.container} failed to execute, err: ${error}${stderrNote(stderr)}`;
  }

  /** Records every hook that never ran as failed; resolves with all errors. */
  finish(): string[] {
    for (const hooks of this.#pending.values()) {
      for (const entry of hooks) {
        if (this.#executed.has(entry)) continue;
        const error = `hook ${entry.hookName} in container ${entry.hook.container} in pod ${this.#podName} not executed: ${this.#stopReason}`;
        this.#options.tracker.record(trackerKey(this.#options.pod, entry), true);
        this.#options.log.error(error, {
          hookSource: entry.source,
          hookType: "exec",
          hookPhase: "post",
        });
        this.#errors.push(error);
      }
    }
    return this.#errors;
  }
}
