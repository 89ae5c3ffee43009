import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { PodVolumeRestoreBuilder, type PodVolumeRestore } from "../lib/api/index.js";
import { systemClock } from "../lib/clock.js";
import { initRepository, openRepository } from "../lib/repository/index.js";
import { MemoryObjectStore } from "../lib/storage/index.js";
import { makeTempDir } from "../test/helpers/temp-dir.js";
import { resolveVolumeHostPath } from "./host-paths.js";
import type { PodInfo } from "./pod-volume-locator.js";
import type { OpenedRepository } from "./repository-access.js";
import {
  isWaitContainerReady,
  restoreUidOf,
  restoreVolume,
  type VolumeRestoreDeps,
} from "./volume-restore.js";

const dir = await makeTempDir("kv-volume-restore-", {
  "source/top.txt": "top level",
  "source/nested/deep/file.bin": "deep contents",
});
after(() => dir.remove());
const root = join(dir.path, "host_pods");
const store = new MemoryObjectStore();
const prefix = "kopia/app/";
const repo = await initRepository({ store, prefix, password: "pw", kdf: { n: 1024 } });
const snapshot = await repo.backup(join(dir.path, "source"));
await repo.close();

const pods = new Map<string, PodInfo>();

function deps(prepareTimeoutMs = 5_000): VolumeRestoreDeps {
  return {
    locator: {
      getPod: (namespace, name) =>
        Promise.resolve(structuredClone(pods.get(`${namespace}/${name}`))),
      locate: (pod, volume) =>
        resolveVolumeHostPath(root, { podUid: pod.metadata.uid ?? "", volumeDir: volume }),
    },
    repositories: {
      open: async (): Promise<OpenedRepository> => ({
        location: {} as OpenedRepository["location"],
        repository: await openRepository({ store, prefix, password: "pw" }),
        prefix,
      }),
    },
    clock: systemClock,
    prepareTimeoutMs,
    pollMs: 10,
  };
}

function pvrFor(pod: string, uid: string): PodVolumeRestore {
  const pvr = new PodVolumeRestoreBuilder("velero", `${pod}-pvr`)
    .spec({
      pod: { kind: "Pod", namespace: "app", name: pod, uid },
      volume: "data",
      backupStorageLocation: "default",
      snapshotID: snapshot.id,
      sourceNamespace: "app",
    })
    .build();
  pvr.metadata.ownerReferences = [
    { apiVersion: "velero.io/v1", kind: "Restore", name: "r1", uid: "restore-uid" },
  ];
  return pvr;
}

function waitingPod(name: string, uid: string, running: boolean): PodInfo {
  return {
    metadata: { namespace: "app", name, uid },
    spec: { nodeName: "node-1", initContainers: [{ name: "restore-wait" }] },
    status: {
      initContainerStatuses: [{ name: "restore-wait", state: running ? { running: {} } : {} }],
    },
  };
}

const hooks = {
  signal: new AbortController().signal,
  onStarted: () => Promise.resolve(),
  onProgress: () => undefined,
};

describe("restoreVolume", () => {
  it("restores the snapshot into the pod's volume and writes only this restore's marker", async () => {
    pods.set("app/web", waitingPod("web", "uid-web", true));
    const volume = join(root, "uid-web", "volumes", "kubernetes.io~empty-dir", "data");
    await mkdir(join(volume, ".velero"), { recursive: true });
    await writeFile(join(volume, ".velero", "old-restore"), "");
    const result = await restoreVolume(deps(), pvrFor("web", "uid-web"), hooks);
    assert.equal(result.path, volume);
    assert.equal(result.totalBytes, 22);
    assert.equal(await readFile(join(volume, "top.txt"), "utf8"), "top level");
    assert.equal(await readFile(join(volume, "nested/deep/file.bin"), "utf8"), "deep contents");
    assert.deepEqual(await readdir(join(volume, ".velero")), ["restore-uid"]);
  });

  it("waits for the restore-wait container to run and the volume to appear", async () => {
    pods.set("app/late", waitingPod("late", "uid-late", false));
    const restoring = restoreVolume(deps(), pvrFor("late", "uid-late"), hooks);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const volume = join(root, "uid-late", "volumes", "kubernetes.io~empty-dir", "data");
    await mkdir(volume, { recursive: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(existsSync(join(volume, "top.txt")), false, "not before the container runs");
    pods.set("app/late", waitingPod("late", "uid-late", true));
    await restoring;
    assert.equal(existsSync(join(volume, ".velero", "restore-uid")), true);
  });

  it("gives up after the prepare timeout, naming the volume and pod", async () => {
    pods.set("app/never", waitingPod("never", "uid-never", true));
    await assert.rejects(
      restoreVolume(deps(50), pvrFor("never", "uid-never"), hooks),
      /timed out after .* waiting for volume "data" of pod app\/never/,
    );
  });
});

describe("restore helpers", () => {
  it("takes the restore UID from the owner reference, else the label", () => {
    assert.equal(restoreUidOf(pvrFor("a", "b")), "restore-uid");
    const labelled = new PodVolumeRestoreBuilder("velero", "x")
      .labels({ "velero.io/restore-uid": "from-label" })
      .build();
    assert.equal(restoreUidOf(labelled), "from-label");
    assert.throws(
      () => restoreUidOf(new PodVolumeRestoreBuilder("velero", "y").build()),
      /restore UID/,
    );
  });

  it("treats a pod without the restore-wait container as ready", () => {
    assert.equal(isWaitContainerReady({ metadata: {}, spec: {} }), true);
    assert.equal(isWaitContainerReady(waitingPod("p", "u", false)), false);
    assert.equal(isWaitContainerReady(waitingPod("p", "u", true)), true);
  });
});
