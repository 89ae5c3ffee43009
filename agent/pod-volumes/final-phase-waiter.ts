// Waits for the PodVolumeBackups or PodVolumeRestores a backup or restore created to reach a
// final phase (polling the API by the owner's UID label), bounded by the pod volume timeout, as
// Velero's WaitAllPodVolumesProcessed.
import type { Clock } from "../../lib/clock.js";

const finalPhases: readonly string[] = ["Completed", "Failed", "Canceled"];

/** The fields the waiter reads. */
export interface PhasedObject {
  readonly metadata: { readonly name?: string };
  readonly status?: { readonly phase?: string };
}

/** True once the object is Completed, Failed or Canceled. */
export function isFinal(object: PhasedObject): boolean {
  return finalPhases.includes(object.status?.phase ?? "New");
}

/** What the waiter needs. */
export interface FinalPhaseWaitDeps<T extends PhasedObject> {
  readonly list: (labelSelector: string) => Promise<T[]>;
  readonly clock: Clock;
  /** Pause between looks (default 1 s). */
  readonly pollMs?: number;
}

/** The objects as last seen, and whether the deadline passed before all were final. */
export interface FinalPhaseWaitResult<T> {
  /** Same order as `started`; an object not listed any more keeps its last view. */
  readonly objects: readonly T[];
  readonly timedOut: boolean;
}

function latest<T extends PhasedObject>(started: readonly T[], listed: readonly T[]): T[] {
  const byName = new Map(listed.map((object) => [object.metadata.name ?? "", object]));
  return started.map((object) => byName.get(object.metadata.name ?? "") ?? object);
}

/**
 * Polls `labelSelector` until every one of `started` (created objects, with names) is final,
 * `deadlineMs` (epoch ms) passes, or `signal` aborts (then it throws the signal's reason).
 */
export async function waitForFinalPhases<T extends PhasedObject>(
  deps: FinalPhaseWaitDeps<T>,
  options: { labelSelector: string; started: readonly T[]; deadlineMs: number },
  signal: AbortSignal,
): Promise<FinalPhaseWaitResult<T>> {
  let current = [...options.started];
  for (;;) {
    signal.throwIfAborted();
    current = latest(current, await deps.list(options.labelSelector));
    if (current.every(isFinal)) return { objects: current, timedOut: false };
    const left = options.deadlineMs - deps.clock.now().getTime();
    if (left <= 0) return { objects: current, timedOut: true };
    await deps.clock.sleep(Math.min(deps.pollMs ?? 1000, left), signal);
  }
}
