// Which nodes a pod may run on, as the scheduler's filters decide it: readiness,
// unschedulable, taints and tolerations, nodeSelector and required node affinity (labels and
// the metadata.name field DaemonSets use).
import { isConditionTrue } from "./conditions.js";
import type { Node, NodeSelectorTerm, PodSpec, Taint, Toleration } from "./kube-types.js";
import { matchesRequirement, matchesSelectorMap } from "./label-selector.js";

/** True when the node's Ready condition is True. */
export function isNodeReady(node: Node): boolean {
  return isConditionTrue(node.status?.conditions, "Ready");
}

/** True when `toleration` tolerates `taint` (operator Exists or Equal, effect empty or equal). */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (
    toleration.effect !== undefined &&
    toleration.effect !== "" &&
    toleration.effect !== taint.effect
  ) {
    return false;
  }
  if (toleration.key === undefined || toleration.key === "") {
    return toleration.operator === "Exists";
  }
  if (toleration.key !== taint.key) return false;
  if (toleration.operator === "Exists") return true;
  return (toleration.value ?? "") === (taint.value ?? "");
}

/** Taints of the node that keep new pods away (NoSchedule, NoExecute), unschedulable included. */
export function schedulingTaints(node: Node): Taint[] {
  const taints = (node.spec?.taints ?? []).filter((t) => t.effect !== "PreferNoSchedule");
  if (node.spec?.unschedulable === true) {
    taints.push({ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" });
  }
  return taints;
}

function matchesTerm(term: NodeSelectorTerm, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const fields = { "metadata.name": node.metadata.name ?? "" };
  const expressions = term.matchExpressions ?? [];
  const matchFields = term.matchFields ?? [];
  if (expressions.length === 0 && matchFields.length === 0) return false;
  return (
    expressions.every((r) => matchesRequirement(r, labels)) &&
    matchFields.every((r) => matchesRequirement(r, fields))
  );
}

/** True when the node satisfies the pod's nodeSelector and required node affinity. */
export function matchesNodeAffinity(spec: PodSpec, node: Node): boolean {
  if (!matchesSelectorMap(spec.nodeSelector ?? {}, node.metadata.labels)) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) return true;
  return required.nodeSelectorTerms.some((term) => matchesTerm(term, node));
}

/** Why a node cannot take the pod, or undefined when it can. */
export function nodeRejection(spec: PodSpec, node: Node): string | undefined {
  if (!isNodeReady(node)) return "node(s) were not ready";
  if (!matchesNodeAffinity(spec, node)) return "node(s) didn't match Pod's node affinity/selector";
  const tolerations = spec.tolerations ?? [];
  const untolerated = schedulingTaints(node).find(
    (taint) => !tolerations.some((t) => tolerates(t, taint)),
  );
  if (untolerated !== undefined) {
    return `node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ""}}`;
  }
  return undefined;
}

/** The outcome of {@link chooseNode}: a node name, or the scheduler's "0/N nodes" message. */
export type NodeChoice = { readonly node: string } | { readonly unschedulable: string };

/**
 * Picks the eligible node with the fewest pods (`podCounts`); ties go to the first node at or
 * after `rotation` in name order, so equal nodes take turns.
 */
export function chooseNode(
  spec: PodSpec,
  nodes: readonly Node[],
  podCounts: ReadonlyMap<string, number>,
  rotation = 0,
): NodeChoice {
  const names = (node: Node): string => node.metadata.name ?? "";
  const sorted = [...nodes].sort((a, b) => names(a).localeCompare(names(b)));
  const reasons = new Map<string, number>();
  const eligible: string[] = [];
  for (const node of sorted) {
    const reason = nodeRejection(spec, node);
    if (reason === undefined) eligible.push(names(node));
    else reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  if (eligible.length === 0) {
    const detail = [...reasons].map(([reason, count]) => `${count} ${reason}`).join(", ");
    return { unschedulable: `0/${nodes.length} nodes are available: ${detail}.` };
  }
  return { node: leastLoaded(eligible, podCounts, rotation) };
}

function leastLoaded(
  eligible: readonly string[],
  podCounts: ReadonlyMap<string, number>,
  rotation: number,
): string {
  const start = rotation % eligible.length;
  const rotated = [...eligible.slice(start), ...eligible.slice(0, start)];
  const load = (name: string): number => podCounts.get(name) ?? 0;
  return rotated.reduce((best, name) => (load(name) < load(best) ? name : best));
}
