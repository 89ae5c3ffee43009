// The velero.io CustomResourceDefinitions install creates, as data built into the program (from
// lib/api, the source crds/*.yaml is generated from), so a single-binary build needs no files.
import { buildCrd, GROUP, KINDS, type KindInfo } from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";

function byVersionThenPlural(a: KindInfo, b: KindInfo): number {
  if (a.version !== b.version) return a.version < b.version ? -1 : 1;
  return a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0;
}

/**
 * Every velero.io CRD, labelled `component: velero`, in Velero's install order: the v1 kinds
 * by plural name, then the v2alpha1 kinds. Equal, object for object, to parsing `crds/*.yaml`.
 */
export function veleroCrds(): KubeObject[] {
  return [...KINDS].sort(byVersionThenPlural).map((kind) => buildCrd(kind) as KubeObject);
}

/** `backups.velero.io` and so on: the names of {@link veleroCrds}. */
export function veleroCrdNames(): string[] {
  return [...KINDS].sort(byVersionThenPlural).map((kind) => `${kind.plural}.${GROUP}`);
}
