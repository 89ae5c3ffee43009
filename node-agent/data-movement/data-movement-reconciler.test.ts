import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataUploadBuilder, type DataUpload } from "../../lib/api/index.js";
import { FakeClock } from "../../lib/clock.js";
import { silentLogger } from "../../lib/log.js";
import type { VolumeBackupResult } from "../volume-backup.js";
import { RunningOperations } from "../running-operations.js";
import {
  DataMovementReconciler,
  isDataMovementInteresting,
  type DataMovementStatus,
  type TransferHooks,
} from "./data-movement-reconciler.js";

/** DataUploads in memory; `accept` fails once another writer changed the object. */
class FakeDataUploads {
  readonly objects = new Map<string, DataUpload>();
  readonly patches: { name: string; status: DataMovementStatus }[] = [];
  conflictOnAccept = false;

  add(du: DataUpload): void {
    this.objects.set(du.metadata.name ?? "", structuredClone(du));
  }

  get = (name: string): Promise<DataUpload | undefined> =>
    Promise.resolve(structuredClone(this.objects.get(name)));

  patchStatus = (name: string, status: DataMovementStatus): Promise<unknown> => {
    const object = this.objects.get(name);
    if (object !== undefined) object.status = { ...object.status, ...structuredClone(status) };
    this.patches.push({ name, status });
    return Promise.resolve(object);
  };

  accept = async (du: DataUpload, status: DataMovementStatus): Promise<boolean> => {
    if (this.conflictOnAccept) return false;
    await this.patchStatus(du.metadata.name ?? "", status);
    return true;
  };

  phases(name: string): string[] {
    return this.patches.flatMap((p) =>
      p.name === name && p.status.phase !== undefined ? [p.status.phase] : [],
    );
  }

  status(name: string): DataMovementStatus & { snapshotID?: string } {
    return this.objects.get(name)?.status ?? {};
  }
}

type Transfer = (du: DataUpload, hooks: TransferHooks) => Promise<VolumeBackupResult>;

function dataUpload(name: string, status?: DataUpload["status"]): DataUpload {
  const du = new DataUploadBuilder("velero", name).build();
  du.metadata.uid = `${name}-uid`;
  du.spec = {
    ...du.spec,
    csiSnapshot: { volumeSnapshot: "velero-data-abc", storageClass: "standard" },
    sourcePVC: "data",
    sourceNamespace: "app",
    backupStorageLocation: "default",
  };
  if (status !== undefined) du.status = status;
  return du;
}

const counter = () => {
  const counts = { n: 0 };
  return {
    counts,
    inc: () => {
      counts.n++;
    },
  };
};

function setup(transfer: Transfer) {
  const dus = new FakeDataUploads();
  const operations = new RunningOperations(2, silentLogger);
  const cleaned: string[] = [];
  const prepared: string[] = [];
  const outcomes = { success: counter(), failure: counter(), cancel: counter() };
  const reconciler = new DataMovementReconciler<DataUpload, VolumeBackupResult>({
    kind: "DataUpload",
    nodeName: "node-1",
    objects: dus,
    prepare: (du) => {
      prepared.push(du.metadata.name ?? "");
      return Promise.resolve();
    },
    transfer,
    completedStatus: (result) =>
      ({ snapshotID: result.snapshotId, path: result.path }) as DataMovementStatus,
    cleanUp: (du) => {
      cleaned.push(du.metadata.name ?? "");
      return Promise.resolve();
    },
    counters: outcomes,
    operations,
    clock: new FakeClock("2026-03-01T10:00:00Z"),
    logger: silentLogger,
  });
  return { dus, operations, reconciler, cleaned, prepared, outcomes };
}

const uploaded: Transfer = async (_du, hooks) => {
  await hooks.onStarted("/host_pods/p/volumes/kubernetes.io~csi/pv/mount");
  hooks.onProgress({ totalBytes: 10, bytesDone: 5, filesDone: 1, uploadedBytes: 5 } as never);
  return { snapshotId: "snap-1", path: "/host_pods/p", totalBytes: 10, incrementalBytes: 10 };
};

describe("DataMovementReconciler", () => {
  it("accepts a New DataUpload, exposes it, moves the data and completes with the snapshot id, then cleans up", async () => {
    const { dus, operations, reconciler, cleaned, prepared, outcomes } = setup(uploaded);
    dus.add(dataUpload("du-1"));
    await reconciler.reconcile("du-1");
    await operations.settled();
    assert.deepEqual(dus.phases("du-1"), ["Accepted", "Prepared", "InProgress", "Completed"]);
    const status = dus.status("du-1");
    assert.equal(status.acceptedByNode, "node-1");
    assert.equal(status.node, "node-1");
    assert.equal(status.snapshotID, "snap-1");
    assert.ok(status.startTimestamp !== undefined && status.completionTimestamp !== undefined);
    assert.deepEqual(status.progress, { totalBytes: 10, bytesDone: 5 });
    assert.deepEqual(prepared, ["du-1"]);
    assert.deepEqual(cleaned, ["du-1"]);
    assert.equal(outcomes.success.counts.n, 1);
  });

  it("leaves a DataUpload alone when another node accepted it first", async () => {
    const { dus, operations, reconciler, prepared } = setup(uploaded);
    dus.conflictOnAccept = true;
    dus.add(dataUpload("du-2"));
    await reconciler.reconcile("du-2");
    await operations.settled();
    assert.deepEqual(dus.phases("du-2"), []);
    assert.deepEqual(prepared, []);
  });

  it("ignores a DataUpload another node is running", async () => {
    const { dus, reconciler, cleaned } = setup(uploaded);
    dus.add(dataUpload("du-3", { phase: "InProgress", acceptedByNode: "node-2", node: "node-2" }));
    await reconciler.reconcile("du-3");
    assert.deepEqual(dus.phases("du-3"), []);
    assert.deepEqual(cleaned, []);
  });

  it("fails a DataUpload this node left InProgress before a restart and cleans up its exposed objects", async () => {
    const { dus, reconciler, cleaned, outcomes } = setup(uploaded);
    dus.add(dataUpload("du-4", { phase: "InProgress", acceptedByNode: "node-1", node: "node-1" }));
    await reconciler.reconcile("du-4");
    assert.deepEqual(dus.phases("du-4"), ["Failed"]);
    assert.match(dus.status("du-4").message ?? "", /restarted while the DataUpload was InProgress/);
    assert.deepEqual(cleaned, ["du-4"]);
    assert.equal(outcomes.failure.counts.n, 1);
  });

  it("marks the DataUpload Failed with the data path's error and still cleans up", async () => {
    const { dus, operations, reconciler, cleaned } = setup(() =>
      Promise.reject(new Error("repository not found")),
    );
    dus.add(dataUpload("du-5"));
    await reconciler.reconcile("du-5");
    await operations.settled();
    assert.deepEqual(dus.phases("du-5"), ["Accepted", "Prepared", "Failed"]);
    assert.equal(dus.status("du-5").message, "data path failed: repository not found");
    assert.deepEqual(cleaned, ["du-5"]);
  });

  it("cancels a running DataUpload when spec.cancel is set", async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const { dus, operations, reconciler, outcomes } = setup(
      (_du, hooks) =>
        new Promise((_resolve, reject) => {
          started();
          hooks.signal.addEventListener("abort", () => {
            reject(new Error("aborted"));
          });
        }),
    );
    dus.add(dataUpload("du-6"));
    await reconciler.reconcile("du-6");
    await running;
    const object = dus.objects.get("du-6");
    assert.ok(object !== undefined);
    object.spec.cancel = true;
    await reconciler.reconcile("du-6");
    await operations.settled();
    assert.deepEqual(dus.phases("du-6"), ["Accepted", "Prepared", "Canceled"]);
    assert.equal(outcomes.cancel.counts.n, 1);
  });

  it("cancels a New DataUpload with spec.cancel without accepting it", async () => {
    const { dus, reconciler, prepared } = setup(uploaded);
    const du = dataUpload("du-7");
    du.spec.cancel = true;
    dus.add(du);
    await reconciler.reconcile("du-7");
    assert.deepEqual(dus.phases("du-7"), ["Canceled"]);
    assert.deepEqual(prepared, []);
  });
});

describe("isDataMovementInteresting", () => {
  const cases: {
    name: string;
    datamover?: string;
    status?: DataMovementStatus;
    want: boolean;
  }[] = [
    { name: "a New object of Velero's mover", want: true },
    { name: "a New object naming the velero mover", datamover: "velero", want: true },
    { name: "a New object of another data mover", datamover: "acme-mover", want: false },
    {
      name: "an object this node accepted",
      status: { phase: "Accepted", acceptedByNode: "node-1" },
      want: true,
    },
    {
      name: "an object this node runs",
      status: { phase: "InProgress", node: "node-1" },
      want: true,
    },
    {
      name: "an object another node accepted",
      status: { phase: "Accepted", acceptedByNode: "node-2" },
      want: false,
    },
    {
      name: "a Completed object of this node",
      status: { phase: "Completed", node: "node-1" },
      want: false,
    },
    { name: "a Canceled object", status: { phase: "Canceled" }, want: false },
  ];
  for (const c of cases) {
    it(`${c.want ? "looks at" : "ignores"} ${c.name}`, () => {
      const builder = new DataUploadBuilder("velero", "du").spec(
        c.datamover === undefined ? {} : { datamover: c.datamover },
      );
      const du = builder.build();
      if (c.status !== undefined) du.status = c.status;
      assert.equal(isDataMovementInteresting(du, "node-1"), c.want);
    });
  }
});
