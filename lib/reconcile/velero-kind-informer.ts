// The informer a velero.io controller starts: one kind, in the Velero namespace.
import type { ObjectLike } from "../kube/index.js";
import { veleroResourceType } from "../kube/index.js";
import { ResourceInformer, type InformerOptions } from "./informer.js";

/** What a program's context gives an informer (the agent's and node-agent's contexts fit). */
export type InformerDeps = Pick<InformerOptions, "kc" | "rest" | "logger" | "clock">;

/** An informer on the velero.io `kind` (e.g. `Backup`) in `namespace`. */
export function veleroKindInformer<T extends ObjectLike>(
  deps: InformerDeps,
  kind: string,
  namespace: string,
): ResourceInformer<T> {
  return new ResourceInformer<T>({
    kc: deps.kc,
    rest: deps.rest,
    type: veleroResourceType(kind),
    namespace,
    ...(deps.logger === undefined ? {} : { logger: deps.logger }),
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
  });
}
