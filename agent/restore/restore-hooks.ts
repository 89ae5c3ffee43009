// The restore's hooks wired to the cluster: exec through pods/exec with the agent's
// credentials, restored pods read back through the pods client of the restore's discovery.
import type { Restore } from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import { isNotFound, type KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { AgentContext } from "../agent-context.js";
import { clientNodePodExec, RestoreHookRunner } from "../hooks/index.js";
import type { ClusterResources } from "./cluster-resources.js";

/** What {@link createRestoreHooks} needs. */
export interface RestoreHooksSetup {
  readonly restore: Restore;
  readonly ctx: Pick<AgentContext, "kc" | "clock">;
  readonly cluster: ClusterResources;
  /** The restore's log. */
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly pollMs: number;
}

/**
 * The hook runner of one restore. A pod that cannot be read (other than gone) is seen without
 * status for that poll, so its hooks keep waiting.
 */
export function createRestoreHooks(setup: RestoreHooksSetup): RestoreHookRunner {
  const pods = setup.cluster.client("pods", "v1");
  const getPod = async (namespace: string, name: string): Promise<KubeObject | undefined> => {
    if (pods === undefined) return undefined;
    try {
      return await pods.get(name, namespace);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      setup.log.warn(`error getting pod ${namespace}/${name}: ${errorMessage(error)}`);
      return { metadata: { namespace, name } };
    }
  };
  return new RestoreHookRunner({
    restore: setup.restore,
    exec: clientNodePodExec(setup.ctx.kc),
    getPod,
    log: setup.log,
    clock: setup.ctx.clock,
    signal: setup.signal,
    pollMs: setup.pollMs,
  });
}
