// Kubernetes' version ordering (v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > other strings), which
// decides preferred versions in discovery.

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

function rank(version: string): [number, number, number] {
  const match = KUBE_VERSION.exec(version);
  if (match === null) return [0, 0, 0];
  const stability = match[2] === undefined ? 3 : match[2] === "beta" ? 2 : 1;
  return [stability, Number(match[1]), Number(match[3] ?? 0)];
}

/** Sorts comparator putting the highest-priority version first. */
export function compareVersionPriority(a: string, b: string): number {
  const [sa, ma, na] = rank(a);
  const [sb, mb, nb] = rank(b);
  if (sa !== sb) return sb - sa;
  if (sa === 0) return a.localeCompare(b);
  if (ma !== mb) return mb - ma;
  return nb - na;
}
