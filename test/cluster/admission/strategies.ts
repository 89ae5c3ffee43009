// Every kind strategy of the API server, by storage key.
import type { KindStrategy } from "../api/api-context.js";
import { CORE_STRATEGIES } from "./core-strategies.js";
import { CRD_STRATEGY } from "./crd-strategy.js";
import { SERVICE_STRATEGY } from "./service-strategy.js";
import { WORKLOAD_STRATEGIES } from "./workload-strategies.js";

/** All strategies: core kinds, workloads, services and CustomResourceDefinitions. */
export function allStrategies(): ReadonlyMap<string, KindStrategy> {
  return new Map([
    ...CORE_STRATEGIES,
    ...WORKLOAD_STRATEGIES,
    ["/services", SERVICE_STRATEGY],
    ["apiextensions.k8s.io/customresourcedefinitions", CRD_STRATEGY],
  ]);
}
