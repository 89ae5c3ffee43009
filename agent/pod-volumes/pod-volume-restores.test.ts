import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type {
  Backup,
  PodVolumeBackup,
  PodVolumeRestore,
  PodVolumeRestoreStatus,
  Restore,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { silentLogger } from "../../lib/log.js";
import { podVolumeRestores, type PodVolumeRestoresDeps } from "./pod-volume-restores.js";

function steppingClock(): Clock {
  let now = Date.parse("2026-01-01T00:00:00Z");
  return {
    now: () => new Date(now),
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

const restore: Restore = {
  apiVersion: "velero.io/v1",
  kind: "Restore",
  metadata: { name: "r1", namespace: "velero", uid: "restore-uid" },
  spec: { backupName: "b1" },
};
const backup = { metadata: { name: "b1" }, spec: { storageLocation: "default" } } as Backup;

function pvb(volume: string): PodVolumeBackup {
  return {
    apiVersion: "velero.io/v1",
    kind: "PodVolumeBackup",
    metadata: { name: `b1-${volume}`, namespace: "velero" },
    spec: {
      node: "n",
      pod: { kind: "Pod", namespace: "old-ns", name: "web" },
      volume,
      backupStorageLocation: "default",
      repoIdentifier: "",
      uploaderType: "kopia",
    },
    status: { phase: "Completed", snapshotID: `snap-${volume}`, progress: { totalBytes: 42 } },
  };
}

const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "new-ns", uid: "pod-uid" },
  spec: {
    initContainers: [{ name: "setup", image: "busybox" }],
    containers: [{ name: "app", image: "nginx" }],
    volumes: [
      { name: "data", persistentVolumeClaim: { claimName: "data-claim" } },
      { name: "cache", emptyDir: {} },
      { name: "config", configMap: { name: "c" } },
    ],
  },
} as unknown as KubeObject;

class FakeApi {
  readonly created: PodVolumeRestore[] = [];
  outcome: (pvr: PodVolumeRestore) => PodVolumeRestoreStatus | undefined = () => ({
    phase: "Completed",
    progress: { totalBytes: 42, bytesDone: 42 },
  });
  ensured: string[] = [];

  deps(): PodVolumeRestoresDeps {
    return {
      pvrs: {
        create: (pvr) => {
          const named = { ...pvr, metadata: { ...pvr.metadata, name: `r1-${pvr.spec.volume}` } };
          this.created.push(named);
          return Promise.resolve(named);
        },
        list: (selector) => {
          assert.equal(selector, "velero.io/restore-uid=restore-uid");
          return Promise.resolve(
            this.created.map((p) => {
              const status = this.outcome(p);
              return status === undefined ? p : { ...p, status };
            }),
          );
        },
      },
      ensureRepository: (target) => {
        this.ensured.push(`${target.location}/${target.volumeNamespace}`);
        return Promise.resolve();
      },
      helperImage: () => Promise.resolve("ghcr.io/kubectl-velero/velero:v9"),
      clock: steppingClock(),
    };
  }
}

function restorer(api: FakeApi, timeoutMs = 60_000) {
  return podVolumeRestores(api.deps())({
    restore,
    backup,
    podVolumeBackups: [],
    log: silentLogger,
    timeoutMs,
  });
}

const request = (pvbs: PodVolumeBackup[], target: KubeObject = pod) => ({
  pod: target,
  podVolumeBackups: pvbs,
  sourceNamespace: "old-ns",
  log: silentLogger,
});

interface InitContainer {
  name: string;
  image: string;
  command: string[];
  args: string[];
  volumeMounts: { name: string; mountPath: string }[];
}

describe("the agent's pod volume restorer", () => {
  it("puts restore-wait first among the init containers with the restored volumes under /restores", async () => {
    const prepared = (await restorer(new FakeApi()).preparePod(
      request([pvb("cache"), pvb("data"), pvb("gone")]),
    )) as unknown as { spec: { initContainers: InitContainer[] } };
    const [wait, setup] = prepared.spec.initContainers;
    assert.equal(setup?.name, "setup");
    assert.deepEqual(
      [wait?.name, wait?.image, wait?.command, wait?.args, wait?.volumeMounts],
      [
        "restore-wait",
        "ghcr.io/kubectl-velero/velero:v9",
        ["/velero-restore-helper"],
        ["restore-uid"],
        [
          { name: "data", mountPath: "/restores/data" },
          { name: "cache", mountPath: "/restores/cache" },
        ],
      ],
    );
  });

  it("leaves a pod without restored volumes as it is", async () => {
    assert.equal(await restorer(new FakeApi()).preparePod(request([pvb("gone")])), pod);
  });

  it("creates one PodVolumeRestore per backed-up volume of the created pod and reports each in the volume info", async () => {
    const api = new FakeApi();
    const r = restorer(api);
    await r.restorePodVolumes(request([pvb("data"), pvb("cache")]));
    assert.deepEqual(api.ensured, ["default/old-ns"]);
    const first = api.created[0] ?? assert.fail("no PodVolumeRestore");
    assert.deepEqual(first.metadata.labels, {
      "velero.io/restore-name": "r1",
      "velero.io/restore-uid": "restore-uid",
      "velero.io/pod-uid": "pod-uid",
    });
    assert.equal(first.metadata.ownerReferences?.[0]?.uid, "restore-uid");
    assert.deepEqual(first.spec, {
      pod: { kind: "Pod", namespace: "new-ns", name: "web", uid: "pod-uid" },
      volume: "data",
      sourceNamespace: "old-ns",
      backupStorageLocation: "default",
      repoIdentifier: "",
      uploaderType: "kopia",
      snapshotID: "snap-data",
      snapshotSize: 42,
    });
    const results = await r.waitAll(new AbortController().signal);
    assert.deepEqual(results.errors, []);
    assert.deepEqual(
      results.volumeInfos.map((v) => [v.restoreMethod, v.pvcName, v.pvrInfo?.volumeName]),
      [
        ["PodVolumeRestore", "data-claim", "data"],
        ["PodVolumeRestore", undefined, "cache"],
      ],
    );
  });

  it("returns a failed restore's message and a timeout as restore errors", async () => {
    const api = new FakeApi();
    api.outcome = (p) =>
      p.spec.volume === "data" ? { phase: "Failed", message: "no space left" } : undefined;
    const r = restorer(api, 3_000);
    await r.restorePodVolumes(request([pvb("data"), pvb("cache")]));
    const results = await r.waitAll(new AbortController().signal);
    assert.deepEqual(results.errors, [
      "timed out waiting for all PodVolumeRestores to complete",
      "pod volume restore failed (pod new-ns/web, volume data): no space left",
      "pod volume restore did not finish (pod new-ns/web, volume cache)",
    ]);
  });
});
