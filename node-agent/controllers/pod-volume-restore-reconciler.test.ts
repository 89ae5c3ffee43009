import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  PodVolumeRestoreBuilder,
  type PodVolumeRestore,
  type PodVolumeRestoreStatus,
} from "../../lib/api/index.js";
import { FakeClock } from "../../lib/clock.js";
import { silentLogger } from "../../lib/log.js";
import type { PodInfo } from "../pod-volume-locator.js";
import { RunningOperations } from "../running-operations.js";
import type { VolumeRestoreHooks, VolumeRestoreResult } from "../volume-restore.js";
import { PodVolumeRestoreReconciler } from "./pod-volume-restore-reconciler.js";

class FakePvrs {
  readonly objects = new Map<string, PodVolumeRestore>();
  readonly patches: { name: string; status: PodVolumeRestoreStatus }[] = [];

  add(pvr: PodVolumeRestore): void {
    this.objects.set(pvr.metadata.name ?? "", structuredClone(pvr));
  }

  get = (name: string): Promise<PodVolumeRestore | undefined> =>
    Promise.resolve(structuredClone(this.objects.get(name)));

  patchStatus = (name: string, status: PodVolumeRestoreStatus): Promise<unknown> => {
    const object = this.objects.get(name);
    if (object === undefined) return Promise.reject(new Error(`${name} not found`));
    object.status = { ...object.status, ...structuredClone(status) };
    this.patches.push({ name, status });
    return Promise.resolve(object);
  };

  status(name: string): PodVolumeRestoreStatus {
    return this.objects.get(name)?.status ?? {};
  }
}

type Restore = (pvr: PodVolumeRestore, hooks: VolumeRestoreHooks) => Promise<VolumeRestoreResult>;

function pvr(name: string): PodVolumeRestore {
  return new PodVolumeRestoreBuilder("velero", name)
    .spec({
      pod: { kind: "Pod", namespace: "app", name: "web", uid: "pod-uid" },
      volume: "data",
      backupStorageLocation: "default",
      snapshotID: "snap-1",
      sourceNamespace: "app",
    })
    .build();
}

function setup(restore: Restore, pods: Record<string, PodInfo>) {
  const pvrs = new FakePvrs();
  const operations = new RunningOperations(2, silentLogger);
  const reconciler = new PodVolumeRestoreReconciler({
    nodeName: "node-1",
    pvrs,
    getPod: (namespace, name) => Promise.resolve(pods[`${namespace}/${name}`]),
    restore,
    operations,
    clock: new FakeClock("2026-03-01T10:00:00Z"),
    logger: silentLogger,
  });
  return { pvrs, operations, reconciler };
}

function pod(nodeName?: string): PodInfo {
  return {
    metadata: { namespace: "app", name: "web", uid: "pod-uid" },
    spec: nodeName === undefined ? {} : { nodeName },
  };
}

const restored: VolumeRestoreResult = { path: "/host_pods/pod-uid/volumes/x/data", totalBytes: 77 };

describe("PodVolumeRestoreReconciler", () => {
  it("restores a New restore whose pod runs on this node and records the node", async () => {
    const { pvrs, operations, reconciler } = setup(
      async (_pvr, hooks) => {
        await hooks.onStarted(restored.path);
        hooks.onProgress({ bytesDone: 7, totalBytes: 77, filesDone: 1, totalFiles: 2 });
        return restored;
      },
      { "app/web": pod("node-1") },
    );
    pvrs.add(pvr("r1-abc"));
    await reconciler.reconcile("r1-abc");
    await operations.settled();
    const phases = pvrs.patches.flatMap((p) =>
      p.status.phase === undefined ? [] : [p.status.phase],
    );
    assert.deepEqual(phases, ["Accepted", "InProgress", "Completed"]);
    const status = pvrs.status("r1-abc");
    assert.equal(status.node, "node-1");
    assert.deepEqual(status.progress, { totalBytes: 77, bytesDone: 77 });
    assert.equal(status.completionTimestamp, "2026-03-01T10:00:00Z");
    assert.ok(pvrs.patches.some((p) => p.status.progress?.bytesDone === 7));
  });

  it("waits for an unscheduled pod and ignores a pod on another node", async () => {
    const pods: Record<string, PodInfo> = {};
    const { pvrs, reconciler } = setup(() => Promise.resolve(restored), pods);
    pvrs.add(pvr("r1-wait"));
    assert.deepEqual(await reconciler.reconcile("r1-wait"), { requeueAfterMs: 1000 });
    pods["app/web"] = pod();
    assert.deepEqual(await reconciler.reconcile("r1-wait"), { requeueAfterMs: 1000 });
    pods["app/web"] = pod("node-2");
    assert.equal(await reconciler.reconcile("r1-wait"), undefined);
    assert.deepEqual(pvrs.patches, []);
  });

  it("marks the restore Failed with the pack named when the data is damaged", async () => {
    const { pvrs, operations, reconciler } = setup(
      () => Promise.reject(new Error('pack "kopia/app/packs/0f" is corrupted: bad tag')),
      { "app/web": pod("node-1") },
    );
    pvrs.add(pvr("r1-bad"));
    await reconciler.reconcile("r1-bad");
    await operations.settled();
    assert.equal(pvrs.status("r1-bad").phase, "Failed");
    assert.equal(
      pvrs.status("r1-bad").message,
      'data path restore failed: pack "kopia/app/packs/0f" is corrupted: bad tag',
    );
  });

  it("fails a restore this node accepted before the node-agent restarted", async () => {
    const { pvrs, reconciler } = setup(() => Promise.resolve(restored), {});
    const left = pvr("r1-left");
    left.status = { phase: "InProgress", node: "node-1" };
    pvrs.add(left);
    const elsewhere = pvr("r1-elsewhere");
    elsewhere.status = { phase: "InProgress", node: "node-2" };
    pvrs.add(elsewhere);
    await reconciler.reconcile("r1-left");
    await reconciler.reconcile("r1-elsewhere");
    assert.equal(pvrs.status("r1-left").phase, "Failed");
    assert.match(
      pvrs.status("r1-left").message ?? "",
      /stopped while the PodVolumeRestore was InProgress/,
    );
    assert.equal(pvrs.status("r1-elsewhere").phase, "InProgress");
  });

  it("cancels a New restore with spec.cancel once its pod is on this node", async () => {
    const { pvrs, reconciler } = setup(() => Promise.resolve(restored), {
      "app/web": pod("node-1"),
    });
    const canceled = pvr("r1-cancel");
    canceled.spec.cancel = true;
    pvrs.add(canceled);
    await reconciler.reconcile("r1-cancel");
    assert.equal(pvrs.status("r1-cancel").phase, "Canceled");
  });
});
