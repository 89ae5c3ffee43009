// Where the API server's pods/exec finds the process to start: the kubelet of the pod's node,
// which knows whether the container runs and how its sandbox looks.
import type { KubeObject } from "../cluster-api.js";
import type { Pod } from "../controllers/kube-types.js";
import type { LaunchCommand } from "../kubelet/sandbox.js";

/** The kubelets' side of pods/exec. */
export interface PodExecSource {
  /**
   * How to run `argv` in `container` of `pod`, as that container's own process sees the pod
   * (mounts, environment, working directory); undefined when the container is not running.
   */
  command(pod: KubeObject, container: string, argv: readonly string[]): LaunchCommand | undefined;
}

/** One node's kubelet as {@link ClusterExecSource} uses it. */
export interface ExecNode {
  execCommand(uid: string, container: string, argv: readonly string[]): LaunchCommand | undefined;
}

/** The cluster's kubelets by node name. */
export class ClusterExecSource implements PodExecSource {
  private readonly nodes: ReadonlyMap<string, ExecNode>;

  constructor(nodes: ReadonlyMap<string, ExecNode>) {
    this.nodes = nodes;
  }

  command(
    object: KubeObject,
    container: string,
    argv: readonly string[],
  ): LaunchCommand | undefined {
    const pod = object as Pod;
    const node = this.nodes.get(pod.spec.nodeName ?? "");
    return node?.execCommand(pod.metadata.uid ?? "", container, argv);
  }
}
