// Every controller-manager controller of the test cluster, started together.
import type { PvDataStore } from "../kubelet/pv-data-store.js";
import type { ControllerContext, RunningController } from "./controller-loop.js";
import { startDaemonSetController } from "./daemon-set-controller.js";
import { startDeploymentController } from "./deployment-controller.js";
import { startEndpointsController } from "./endpoints-controller.js";
import { startJobController } from "./job-controller.js";
import { startPersistentVolumeController } from "./persistent-volume-controller.js";
import { startReplicaSetController } from "./replica-set-controller.js";
import { startStatefulSetController } from "./stateful-set-controller.js";

/** Starts the workload, volume and service controllers. */
export function startWorkloadControllers(
  context: ControllerContext,
  pvStore: PvDataStore,
): RunningController[] {
  return [
    startPersistentVolumeController(context, pvStore),
    startReplicaSetController(context),
    startDeploymentController(context),
    startStatefulSetController(context),
    startDaemonSetController(context),
    startJobController(context),
    startEndpointsController(context),
  ];
}
