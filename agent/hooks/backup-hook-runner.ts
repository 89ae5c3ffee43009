// Backup exec hooks for one backup, as Velero's item hook handler runs them: a pod's annotation
// hook takes precedence over the Backup's `spec.hooks.resources`; spec hooks run in order and a
// failed one with onError Fail keeps the rest from running; every hook is counted for
// `status.hookStatus`; post hooks wait until the pod's PodVolumeBackups are done.
import type { Backup, ExecHook, HookStatus, PodVolumeBackup } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import { backupHookFromAnnotations, type HookPhase } from "./hook-annotations.js";
import { compileHookSelector, type HookSelector } from "./hook-selector.js";
import { type HookKey, HookTracker } from "./hook-tracker.js";
import { executePodCommand } from "./pod-command-executor.js";
import type { PodExec } from "./pod-exec.js";

/**
 * What the backup engine calls for each pod it backs up (see the file comment). Contract:
 * `runPre` before the pod and its volumes are backed up, resolving false when a hook with
 * onError Fail failed (the pod is then left out of the backup, as Velero does); `runPost`
 * after the pod's volumes were handed to the pod volume backupper. Neither throws for a failed
 * hook (failures are error lines in the backup log); both reject only when the run aborts.
 */
export interface PodHookRunner {
  runPre(pod: KubeObject): Promise<boolean>;
  runPost(pod: KubeObject): Promise<void>;
  /** `status.hookStatus` so far. */
  status(): HookStatus;
}

/** Options of {@link createBackupHookRunner}. */
export interface BackupHookRunnerOptions {
  readonly backup: Backup;
  readonly exec: PodExec;
  /** The backup's log. */
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  /** The backup's PodVolumeBackups (post hooks wait for the pod's to finish); none when absent. */
  readonly podVolumeBackups?: () => Promise<readonly PodVolumeBackup[]>;
  /** How often post hooks look at the PodVolumeBackups again (default 1 s). */
  readonly pollMs?: number;
}

interface SpecHooks {
  readonly name: string;
  readonly applies: HookSelector;
  readonly pre: readonly ExecHook[];
  readonly post: readonly ExecHook[];
}

const finalVolumePhases = new Set(["Completed", "Failed", "Canceled"]);
const annotationHookName = "<from-annotation>";

/** Creates the hook runner of one backup. */
export function createBackupHookRunner(options: BackupHookRunnerOptions): PodHookRunner {
  return new BackupHookRunner(options);
}

class BackupHookRunner implements PodHookRunner {
  readonly #options: BackupHookRunnerOptions;
  readonly #tracker = new HookTracker();
  readonly #specs: readonly SpecHooks[];

  constructor(options: BackupHookRunnerOptions) {
    this.#options = options;
    this.#specs = (options.backup.spec.hooks?.resources ?? []).map((spec) => ({
      name: spec.name,
      applies: compileHookSelector(spec),
      pre: (spec.pre ?? []).map((h) => h.exec),
      post: (spec.post ?? []).map((h) => h.exec),
    }));
  }

  async runPre(pod: KubeObject): Promise<boolean> {
    const error = await this.#handle(pod, "pre");
    if (error === undefined) return true;
    this.#options.log.error("Error running pre hooks for pod", {
      name: pod.metadata?.name ?? "",
      error,
    });
    return false;
  }

  async runPost(pod: KubeObject): Promise<void> {
    if (!this.#hasHooks(pod, "post")) return;
    await this.#waitForPodVolumes(pod);
    const error = await this.#handle(pod, "post");
    if (error === undefined) return;
    this.#options.log.error("Error running post hooks for pod", {
      name: pod.metadata?.name ?? "",
      error,
    });
  }

  status(): HookStatus {
    return this.#tracker.status();
  }

  #hasHooks(pod: KubeObject, phase: HookPhase): boolean {
    const annotations = pod.metadata?.annotations;
    if (backupHookFromAnnotations(annotations, phase, this.#options.log) !== undefined) return true;
    return this.#applicable(pod).some((spec) => spec[phase].length > 0);
  }

  #applicable(pod: KubeObject): SpecHooks[] {
    const target = { namespace: pod.metadata?.namespace ?? "", labels: pod.metadata?.labels };
    return this.#specs.filter((spec) => spec.applies(target));
  }

  /** Velero's HandleHooks: the error that fails the pod, if any. */
  async #handle(pod: KubeObject, phase: HookPhase): Promise<string | undefined> {
    const fromAnnotation = backupHookFromAnnotations(
      pod.metadata?.annotations,
      phase,
      this.#options.log,
    );
    if (fromAnnotation !== undefined) {
      const key = this.#key(pod, fromAnnotation, {
        source: "annotation",
        name: "",
        phase,
        index: 0,
      });
      const error = await this.#run(pod, fromAnnotation, key, annotationHookName);
      return fromAnnotation.onError === "Fail" ? error : undefined;
    }
    let failure: string | undefined;
    for (const spec of this.#applicable(pod)) {
      for (const [index, hook] of spec[phase].entries()) {
        const key = this.#key(pod, hook, { source: "spec", name: spec.name, phase, index });
        this.#tracker.add(key);
        if (failure !== undefined) continue;
        const error = await this.#run(pod, hook, key, spec.name);
        if (error !== undefined && hook.onError === "Fail") failure = error;
      }
    }
    return failure;
  }

  #key(
    pod: KubeObject,
    hook: ExecHook,
    where: Pick<HookKey, "source" | "name" | "phase" | "index">,
  ): HookKey {
    return {
      namespace: pod.metadata?.namespace ?? "",
      pod: pod.metadata?.name ?? "",
      container: hook.container ?? "",
      ...where,
    };
  }

  async #run(
    pod: KubeObject,
    hook: ExecHook,
    key: HookKey,
    hookName: string,
  ): Promise<string | undefined> {
    this.#tracker.add(key);
    const log = this.#options.log.child({
      hookSource: key.source,
      hookType: "exec",
      hookPhase: key.phase,
    });
    const error = await executePodCommand({
      pod,
      hookName,
      hook,
      log,
      exec: this.#options.exec,
      signal: this.#options.signal,
    });
    if (error !== undefined) log.error("Error executing hook", { error });
    this.#tracker.record(key, error !== undefined);
    return error;
  }

  async #waitForPodVolumes(pod: KubeObject): Promise<void> {
    const list = this.#options.podVolumeBackups;
    if (list === undefined) return;
    const uid = pod.metadata?.uid;
    const { clock, signal } = this.#options;
    for (;;) {
      const pending = (await list()).filter(
        (pvb) => pvb.spec.pod.uid === uid && !finalVolumePhases.has(pvb.status?.phase ?? ""),
      );
      if (pending.length === 0) return;
      await clock.sleep(this.#options.pollMs ?? 1_000, signal);
    }
  }
}
