// Whether a node-agent runs on a node: a Running pod labelled `role=node-agent` in the Velero
// namespace scheduled there (Velero's IsRunningInNode). Pod volume work for a node without one
// would wait until its timeout.
import { VeleroError } from "../../lib/errors.js";
import { ResourceClient, type KubeObject, type KubeRestClient } from "../../lib/kube/index.js";

/** No running node-agent pod on the node. */
export class NodeAgentNotRunningError extends VeleroError {
  constructor(node: string) {
    super(
      "NodeAgentNotRunning",
      node === ""
        ? "node name is empty"
        : `daemonset pod not found in running state in node ${node}`,
    );
  }
}

interface PodSummary extends KubeObject {
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

/** Throws {@link NodeAgentNotRunningError} unless a node-agent pod runs on `node`. */
export async function checkNodeAgentRunning(
  rest: KubeRestClient,
  namespace: string,
  node: string,
): Promise<void> {
  if (node === "") throw new NodeAgentNotRunningError(node);
  const pods = new ResourceClient<PodSummary>(rest, {
    group: "",
    version: "v1",
    resource: "pods",
    namespaced: true,
  });
  const page = await pods.list({ namespace, labelSelector: "role=node-agent" });
  const running = page.items.some(
    (pod) => pod.status?.phase === "Running" && pod.spec?.nodeName === node,
  );
  if (!running) throw new NodeAgentNotRunningError(node);
}
