// The few facts of a pod the hooks look at, read once with their defaults.
import type { KubeObject } from "../../lib/kube/index.js";

/** A pod's identity, labels, annotations and container names. */
export interface PodFacts {
  readonly namespace: string;
  readonly name: string;
  /** `namespace/name`. */
  readonly key: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly annotations: Readonly<Record<string, string>>;
  readonly containers: readonly string[];
}

/** Reads {@link PodFacts} from `pod`. */
export function podFacts(pod: KubeObject): PodFacts {
  const metadata = pod.metadata ?? {};
  const namespace = metadata.namespace ?? "";
  const name = metadata.name ?? "";
  const spec = (pod as { spec?: { containers?: { name: string }[] } }).spec;
  return {
    namespace,
    name,
    key: `${namespace}/${name}`,
    labels: metadata.labels,
    annotations: metadata.annotations ?? {},
    containers: (spec?.containers ?? []).map((c) => c.name),
  };
}
