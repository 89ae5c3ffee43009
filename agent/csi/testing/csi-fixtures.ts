// Fixtures for the CSI tests: a cluster (in memory) with one bound CSI claim, its volume, the
// storage class and the labelled snapshot class, and a clock whose sleeps move time at once.
import type { Clock } from "../../../lib/clock.js";
import type { KubeObject } from "../../../lib/kube/index.js";
import { MemoryCsiApi } from "./memory-csi-api.js";

/** A clock whose `sleep` advances it and resolves at once (polling loops run instantly). */
export class SteppingClock implements Clock {
  #now = Date.parse("2026-01-01T00:00:00Z");
  sleeps = 0;

  now(): Date {
    return new Date(this.#now);
  }

  sleep(ms: number): Promise<void> {
    this.#now += ms;
    this.sleeps++;
    return Promise.resolve();
  }
}

/** The PVC `app/data`, bound to `pv-data`, class `standard`. */
export function claim(overrides: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "data", namespace: "app", uid: "pvc-uid", labels: { app: "web" } },
    spec: {
      storageClassName: "standard",
      volumeName: "pv-data",
      resources: { requests: { storage: "512Ki" } },
      ...overrides,
    },
    status: { phase: "Bound" },
  };
}

/** A memory cluster holding {@link claim}, its CSI volume, class `standard` and class `csi`. */
export function csiCluster(): MemoryCsiApi {
  const api = new MemoryCsiApi();
  api.claims.put(claim());
  api.volumes.put({
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: "pv-data", labels: { zone: "a" } },
    spec: {
      csi: { driver: "local.csi.test", volumeHandle: "vol-1" },
      persistentVolumeReclaimPolicy: "Delete",
      claimRef: { namespace: "app", name: "data" },
    },
  });
  api.storageClasses.put({
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: "standard" },
    provisioner: "local.csi.test",
  });
  api.classes.put({
    apiVersion: "snapshot.storage.k8s.io/v1",
    kind: "VolumeSnapshotClass",
    metadata: { name: "csi", labels: { "velero.io/csi-volumesnapshot-class": "true" } },
    driver: "local.csi.test",
    deletionPolicy: "Delete",
  });
  return api;
}
