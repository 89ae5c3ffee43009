// The small controller runtime shared by the agent and the node-agent: work queue, workers,
// self-healing informers and Lease-based leader election.
export type { ReconcileResult, Reconciler } from "./reconciler.js";
export { WorkQueue } from "./work-queue.js";
export type { WorkQueueOptions } from "./work-queue.js";
export { Controller } from "./controller.js";
export type { ControllerOptions } from "./controller.js";
export { ResourceInformer } from "./informer.js";
export type { InformerEventType, InformerOptions } from "./informer.js";
export { LeaderElector } from "./leader-election.js";
export type { LeaderElectionOptions } from "./leader-election.js";
export { runControllers } from "./run-controllers.js";
export type { RunnableController } from "./run-controllers.js";
export { veleroKindInformer, type InformerDeps } from "./velero-kind-informer.js";
