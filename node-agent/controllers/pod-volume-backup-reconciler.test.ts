import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  PodVolumeBackupBuilder,
  type PodVolumeBackup,
  type PodVolumeBackupStatus,
} from "../../lib/api/index.js";
import { FakeClock } from "../../lib/clock.js";
import { NotFoundError } from "../../lib/kube/index.js";
import { silentLogger } from "../../lib/log.js";
import { createNodeAgentMetrics } from "../metrics.js";
import { RunningOperations } from "../running-operations.js";
import type { VolumeBackupHooks, VolumeBackupResult } from "../volume-backup.js";
import { PodVolumeBackupReconciler } from "./pod-volume-backup-reconciler.js";

function notFound(name: string): NotFoundError {
  const details = { statusCode: 404, reason: "NotFound", method: "PATCH", path: name };
  return new NotFoundError(details, `${name} not found`);
}

/** PodVolumeBackups kept in memory, with every status patch recorded. */
class FakePvbs {
  readonly objects = new Map<string, PodVolumeBackup>();
  readonly patches: { name: string; status: PodVolumeBackupStatus }[] = [];

  add(pvb: PodVolumeBackup): void {
    this.objects.set(pvb.metadata.name ?? "", structuredClone(pvb));
  }

  get = (name: string): Promise<PodVolumeBackup | undefined> =>
    Promise.resolve(structuredClone(this.objects.get(name)));

  patchStatus = (name: string, status: PodVolumeBackupStatus): Promise<unknown> => {
    const object = this.objects.get(name);
    if (object === undefined) return Promise.reject(notFound(name));
    object.status = { ...object.status, ...structuredClone(status) };
    this.patches.push({ name, status });
    return Promise.resolve(object);
  };

  phases(name: string): (string | undefined)[] {
    return this.patches.filter((p) => p.name === name && p.status.phase).map((p) => p.status.phase);
  }

  status(name: string): PodVolumeBackupStatus {
    return this.objects.get(name)?.status ?? {};
  }
}

type BackUp = (pvb: PodVolumeBackup, hooks: VolumeBackupHooks) => Promise<VolumeBackupResult>;

function pvb(name: string, node = "node-1"): PodVolumeBackup {
  const built = new PodVolumeBackupBuilder("velero", name).build();
  built.metadata.ownerReferences = [
    { apiVersion: "velero.io/v1", kind: "Backup", name: "b1", uid: "backup-uid" },
  ];
  built.spec = {
    node,
    pod: { kind: "Pod", namespace: "app", name: "web", uid: "pod-uid" },
    volume: "data",
    backupStorageLocation: "default",
    repoIdentifier: "",
    uploaderType: "kopia",
  };
  return built;
}

function setup(backUp: BackUp, limit = 2) {
  const pvbs = new FakePvbs();
  const operations = new RunningOperations(limit, silentLogger);
  const metrics = createNodeAgentMetrics();
  const reconciler = new PodVolumeBackupReconciler({
    nodeName: "node-1",
    pvbs,
    backUp,
    operations,
    clock: new FakeClock("2026-03-01T10:00:00Z"),
    logger: silentLogger,
    metrics,
  });
  return { pvbs, operations, metrics, reconciler };
}

const done: VolumeBackupResult = {
  snapshotId: "snap-1",
  path: "/host_pods/pod-uid/volumes/kubernetes.io~empty-dir/data",
  totalBytes: 1000,
  incrementalBytes: 10,
};

/** A backUp that waits for its signal or for `release`. */
function blockingBackUp() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const fn: BackUp = async (_pvb, hooks) => {
    await hooks.onStarted(done.path);
    hooks.onProgress({ bytesDone: 500, totalBytes: 1000, filesDone: 1, totalFiles: 2 });
    await new Promise<void>((resolve, reject) => {
      hooks.signal.addEventListener("abort", () => {
        reject(new Error("backup was aborted"));
      });
      void released.then(resolve);
    });
    return done;
  };
  return { fn, release };
}

describe("PodVolumeBackupReconciler", () => {
  it("takes a New backup of its node through Accepted and InProgress to Completed", async () => {
    const { pvbs, operations, metrics, reconciler } = setup(async (_pvb, hooks) => {
      await hooks.onStarted(done.path);
      hooks.onProgress({ bytesDone: 400, totalBytes: 1000, filesDone: 1, totalFiles: 3 });
      return done;
    });
    pvbs.add(pvb("b1-abc"));
    assert.equal(await reconciler.reconcile("b1-abc"), undefined);
    await operations.settled();
    assert.deepEqual(pvbs.phases("b1-abc"), ["Accepted", "InProgress", "Completed"]);
    const status = pvbs.status("b1-abc");
    assert.equal(status.snapshotID, "snap-1");
    assert.equal(status.path, done.path);
    assert.equal(status.incrementalBytes, 10);
    assert.deepEqual(status.progress, { totalBytes: 1000, bytesDone: 1000 });
    assert.equal(status.acceptedTimestamp, "2026-03-01T10:00:00Z");
    assert.equal(status.startTimestamp, "2026-03-01T10:00:00Z");
    assert.equal(status.completionTimestamp, "2026-03-01T10:00:00Z");
    assert.ok(pvbs.patches.some((p) => p.status.progress?.bytesDone === 400));
    const text = await metrics.registry.metrics();
    assert.match(text, /podVolume_pod_volume_backup_enqueue_count\{node="node-1"\} 1/);
    assert.match(text, /podVolume_pod_volume_backup_dequeue_count\{node="node-1"\} 1/);
    assert.match(
      text,
      /podVolume_pod_volume_operation_latency_seconds_gauge\{node="node-1",operation="b1-abc-default-app-kopia-backup",backupName="velero\/b1",pod_volume_backup="b1-abc"\} 0/,
    );
  });

  it("leaves backups of other nodes alone", async () => {
    let ran = false;
    const { pvbs, operations, reconciler } = setup(() => {
      ran = true;
      return Promise.resolve(done);
    });
    pvbs.add(pvb("b1-other", "node-2"));
    await reconciler.reconcile("b1-other");
    await operations.settled();
    assert.equal(ran, false);
    assert.deepEqual(pvbs.patches, []);
  });

  it("completes an empty volume without a snapshot, with Velero's message", async () => {
    const { pvbs, operations, reconciler } = setup(() =>
      Promise.resolve({ ...done, snapshotId: "", totalBytes: 0, incrementalBytes: 0 }),
    );
    pvbs.add(pvb("b1-empty"));
    await reconciler.reconcile("b1-empty");
    await operations.settled();
    assert.equal(pvbs.status("b1-empty").phase, "Completed");
    assert.equal(pvbs.status("b1-empty").snapshotID, "");
    assert.equal(pvbs.status("b1-empty").message, "volume was empty so no snapshot was taken");
  });

  it("marks the backup Failed with the error when the data path fails", async () => {
    const { pvbs, operations, reconciler } = setup(() =>
      Promise.reject(new Error('pack "kopia/app/packs/ab" upload failed')),
    );
    pvbs.add(pvb("b1-fail"));
    await reconciler.reconcile("b1-fail");
    await operations.settled();
    assert.deepEqual(pvbs.phases("b1-fail"), ["Accepted", "Failed"]);
    assert.equal(
      pvbs.status("b1-fail").message,
      'data path backup failed: pack "kopia/app/packs/ab" upload failed',
    );
  });

  it("cancels a New backup whose spec.cancel is set without running it", async () => {
    let ran = false;
    const { pvbs, reconciler } = setup(() => {
      ran = true;
      return Promise.resolve(done);
    });
    const canceled = pvb("b1-cancel");
    canceled.spec.cancel = true;
    pvbs.add(canceled);
    await reconciler.reconcile("b1-cancel");
    assert.equal(ran, false);
    assert.equal(pvbs.status("b1-cancel").phase, "Canceled");
  });

  it("aborts a running backup when spec.cancel is set and marks it Canceled", async () => {
    const blocking = blockingBackUp();
    const { pvbs, operations, reconciler } = setup(blocking.fn);
    pvbs.add(pvb("b1-running"));
    await reconciler.reconcile("b1-running");
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(pvbs.status("b1-running").phase, "InProgress");
    pvbs.objects.get("b1-running")!.spec.cancel = true;
    await reconciler.reconcile("b1-running");
    await operations.settled();
    assert.equal(pvbs.status("b1-running").phase, "Canceled");
    assert.equal(pvbs.status("b1-running").snapshotID, undefined);
  });

  it("aborts a running backup whose object was deleted", async () => {
    const blocking = blockingBackUp();
    let aborted = false;
    const { pvbs, operations, reconciler } = setup(async (p, hooks) => {
      hooks.signal.addEventListener("abort", () => (aborted = true));
      return blocking.fn(p, hooks);
    });
    pvbs.add(pvb("b1-gone"));
    await reconciler.reconcile("b1-gone");
    await new Promise((resolve) => setImmediate(resolve));
    pvbs.objects.delete("b1-gone");
    await reconciler.reconcile("b1-gone");
    await operations.settled();
    assert.equal(aborted, true);
  });

  for (const phase of ["Accepted", "InProgress"] as const) {
    it(`fails a backup left ${phase} by an earlier node-agent process`, async () => {
      const { pvbs, reconciler } = setup(() => Promise.resolve(done));
      const left = pvb("b1-left");
      left.status = { phase, startTimestamp: "2026-03-01T09:00:00Z" };
      pvbs.add(left);
      await reconciler.reconcile("b1-left");
      assert.equal(pvbs.status("b1-left").phase, "Failed");
      assert.match(
        pvbs.status("b1-left").message ?? "",
        new RegExp(`node-agent on node node-1 stopped while the PodVolumeBackup was ${phase}`),
      );
    });
  }

  it("does not touch a backup left InProgress on another node", async () => {
    const { pvbs, reconciler } = setup(() => Promise.resolve(done));
    const left = pvb("b1-elsewhere", "node-2");
    left.status = { phase: "InProgress" };
    pvbs.add(left);
    await reconciler.reconcile("b1-elsewhere");
    assert.equal(pvbs.status("b1-elsewhere").phase, "InProgress");
  });

  it("asks to be called again when every slot is busy", async () => {
    const blocking = blockingBackUp();
    const { pvbs, operations, reconciler } = setup(blocking.fn, 1);
    pvbs.add(pvb("b1-first"));
    pvbs.add(pvb("b1-second"));
    await reconciler.reconcile("b1-first");
    assert.deepEqual(await reconciler.reconcile("b1-second"), { requeueAfterMs: 1000 });
    assert.equal(pvbs.status("b1-second").phase, undefined);
    blocking.release();
    await operations.settled();
    assert.equal(pvbs.status("b1-first").phase, "Completed");
  });

  it("marks running backups Failed when the node-agent shuts down", async () => {
    const blocking = blockingBackUp();
    const { pvbs, operations, reconciler } = setup(blocking.fn);
    pvbs.add(pvb("b1-stop"));
    await reconciler.reconcile("b1-stop");
    await new Promise((resolve) => setImmediate(resolve));
    await operations.stopAll("the node-agent is shutting down");
    assert.equal(pvbs.status("b1-stop").phase, "Failed");
    assert.match(pvbs.status("b1-stop").message ?? "", /stopped during the backup/);
  });
});
