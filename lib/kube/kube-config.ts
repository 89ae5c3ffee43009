// Loading a kubeconfig: an explicit file, the in-cluster service account, or the default
// chain ($KUBECONFIG, ~/.kube/config), with an optional context override.
import { KubeConfig } from "@kubernetes/client-node";
import { VeleroError } from "../errors.js";

/** Where to load the client configuration from. */
export interface KubeConfigSource {
  /** Path of a kubeconfig file; wins over everything else. */
  readonly kubeconfig?: string | undefined;
  /** Context to use instead of the file's current-context. */
  readonly context?: string | undefined;
  /** Use the pod's service account (token, CA, KUBERNETES_SERVICE_HOST/PORT). */
  readonly inCluster?: boolean | undefined;
}

/** The kubeconfig could not be loaded or names no usable cluster/context. */
export class KubeConfigError extends VeleroError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("KubeConfig", message, options);
  }
}

/** Loads a KubeConfig as kubectl would, failing with {@link KubeConfigError} when unusable. */
export function loadKubeConfig(source: KubeConfigSource = {}): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (source.kubeconfig !== undefined && source.kubeconfig !== "") {
      kc.loadFromFile(source.kubeconfig);
    } else if (source.inCluster === true) {
      kc.loadFromCluster();
    } else {
      kc.loadFromDefault();
    }
  } catch (error) {
    throw new KubeConfigError(`cannot load kubeconfig: ${describeCause(error)}`, { cause: error });
  }
  if (source.context !== undefined && source.context !== "") useContext(kc, source.context);
  if (kc.getCurrentCluster() === null) {
    throw new KubeConfigError(
      "no cluster in the kubeconfig: set --kubeconfig, KUBECONFIG or a current-context",
    );
  }
  return kc;
}

function useContext(kc: KubeConfig, context: string): void {
  if (kc.getContextObject(context) === null) {
    const known = kc.getContexts().map((c) => c.name);
    throw new KubeConfigError(
      `context "${context}" does not exist in the kubeconfig (known: ${known.join(", ") || "none"})`,
    );
  }
  kc.setCurrentContext(context);
}

function describeCause(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The namespace of the kubeconfig's current context, if it sets one. */
export function contextNamespace(kc: KubeConfig): string | undefined {
  const context = kc.getContextObject(kc.getCurrentContext());
  const namespace = context?.namespace;
  return namespace === undefined || namespace === "" ? undefined : namespace;
}
