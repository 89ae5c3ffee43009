// Status conditions as the built-in controllers keep them: one entry per type, with
// lastTransitionTime moving only when the status flips.
import type { Condition } from "./kube-types.js";

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Returns `conditions` with `wanted` set: the entry of the same type is replaced, keeping its
 * lastTransitionTime when the status did not change. `now` stamps new transitions.
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  wanted: Condition,
  now: Date,
): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === wanted.type);
  const previous = index >= 0 ? list[index] : undefined;
  const transition =
    previous !== undefined && previous.status === wanted.status
      ? previous.lastTransitionTime
      : formatTime(now);
  const next: Condition = { ...wanted };
  if (transition !== undefined) next.lastTransitionTime = transition;
  if (index >= 0) list[index] = next;
  else list.push(next);
  return list;
}

/** The condition of `type`, if present. */
export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** True when the condition of `type` is present with status "True". */
export function isConditionTrue(
  conditions: readonly Condition[] | undefined,
  type: string,
): boolean {
  return findCondition(conditions, type)?.status === "True";
}
