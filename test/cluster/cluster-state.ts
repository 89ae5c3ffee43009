// One cluster's API state assembled: store, registry, strategies, garbage collector and
// namespace finalizer behind an ApiContext, with the in-process ClusterApi on top.
import type { Clock } from "../../lib/clock.js";
import { systemClock } from "../../lib/clock.js";
import type { Logger } from "../../lib/log.js";
import type { ApiContext, Workers } from "./api/api-context.js";
import { ListSnapshots } from "./api/list-objects.js";
import { ResourceApi } from "./api/resource-api.js";
import { allStrategies } from "./admission/strategies.js";
import { serveStoredCrds } from "./admission/crd-strategy.js";
import { bootstrapCluster } from "./bootstrap.js";
import { GarbageCollector } from "./lifecycle/garbage-collector.js";
import { NamespaceFinalizer } from "./lifecycle/namespace-finalizer.js";
import { OwnerIndex } from "./lifecycle/owner-index.js";
import { ResourceRegistry } from "./registry/resource-registry.js";
import type { Journal, JournalState } from "./store/journal.js";
import { ResourceStore } from "./store/resource-store.js";

/** Options of {@link createClusterState}. */
export interface ClusterStateOptions {
  readonly clusterName: string;
  readonly nodes: number;
  readonly log: Logger;
  readonly caCertificate: string;
  readonly clock?: Clock;
  readonly journal?: Journal;
  readonly initial?: JournalState;
  readonly historySize?: number;
}

/** A running cluster state. */
export interface ClusterState {
  readonly ctx: ApiContext;
  readonly api: ResourceApi;
  readonly nodeNames: readonly string[];
  /** Turns graceful pod deletion on once a kubelet runs pods. */
  setKubeletRunning(running: boolean): void;
  stop(): void;
}

/** Builds the state, serves stored CRDs and creates the standard objects. */
export function createClusterState(options: ClusterStateOptions): ClusterState {
  const store = new ResourceStore({
    log: options.log,
    ...(options.historySize === undefined ? {} : { historySize: options.historySize }),
    ...(options.journal === undefined ? {} : { journal: options.journal }),
    ...(options.initial === undefined ? {} : { initial: options.initial }),
  });
  const index = new OwnerIndex();
  const stopIndex = index.follow(store);
  const gc = new GarbageCollector(index);
  const namespaces = new NamespaceFinalizer();
  let kubelet = false;
  const workers: Workers = {
    ownerRemoved: (_type, object) => {
      gc.ownerRemoved(object);
    },
    ownerDeleting: (type, object) => {
      gc.ownerDeleting(type, object);
    },
    namespaceDeleting: (name) => {
      namespaces.terminate(name);
    },
  };
  const ctx: ApiContext = {
    store,
    registry: new ResourceRegistry(),
    clock: options.clock ?? systemClock,
    log: options.log,
    clusterName: options.clusterName,
    strategies: allStrategies(),
    workers,
    snapshots: new ListSnapshots(),
    gracefulPodDeletion: () => kubelet,
    caCertificate: options.caCertificate,
  };
  gc.attach(ctx);
  if (options.initial !== undefined) gc.sweep();
  namespaces.attach(ctx);
  serveStoredCrds(ctx);
  const nodeNames = bootstrapCluster(ctx, options.nodes);
  for (const ns of store.list("/namespaces")) {
    if (ns.metadata.deletionTimestamp !== undefined) namespaces.terminate(ns.metadata.name ?? "");
  }
  return {
    ctx,
    api: new ResourceApi(ctx),
    nodeNames,
    setKubeletRunning: (running) => {
      kubelet = running;
    },
    stop: () => {
      stopIndex();
      gc.stop();
      namespaces.stop();
    },
  };
}
