import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { PodVolumeBackupBuilder, type PodVolumeBackup } from "../lib/api/index.js";
import { initRepository } from "../lib/repository/index.js";
import { MemoryObjectStore } from "../lib/storage/index.js";
import { makeTempDir } from "../test/helpers/temp-dir.js";
import { resolveVolumeHostPath } from "./host-paths.js";
import { PodVolumeError, type PodInfo } from "./pod-volume-locator.js";
import type { OpenedRepository } from "./repository-access.js";
import { backUpVolume, snapshotSource, type VolumeBackupHooks } from "./volume-backup.js";

const dir = await makeTempDir("kv-volume-backup-");
after(() => dir.remove());
const root = join(dir.path, "host_pods");
const store = new MemoryObjectStore();
const prefix = "kopia/app/";
const password = "pw";
const repository = await initRepository({ store, prefix, password, kdf: { n: 1024 } });
await repository.close();

/** Opens the in-memory repository for every request, counting opens. */
const opener = {
  opens: 0,
  async open(): Promise<OpenedRepository> {
    this.opens++;
    const { openRepository } = await import("../lib/repository/index.js");
    const repo = await openRepository({ store, prefix, password });
    return { location: {} as OpenedRepository["location"], repository: repo, prefix };
  },
};

const pods = new Map<string, PodInfo>();

const locator = {
  getPod: (namespace: string, name: string) => Promise.resolve(pods.get(`${namespace}/${name}`)),
  locate: async (pod: PodInfo, volume: string) =>
    resolveVolumeHostPath(root, { podUid: pod.metadata.uid ?? "", volumeDir: volume }),
};

async function podWithVolume(name: string, uid: string, files: Record<string, string>) {
  pods.set(`app/${name}`, { metadata: { namespace: "app", name, uid }, spec: {} });
  const volumeDir = join(root, uid, "volumes", "kubernetes.io~empty-dir", "data");
  await mkdir(volumeDir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    await writeFile(join(volumeDir, file), content);
  }
  return volumeDir;
}

function pvbFor(pod: string, uid: string, pvc?: { name: string; uid: string }): PodVolumeBackup {
  const builder = new PodVolumeBackupBuilder("velero", `${pod}-pvb`).spec({
    node: "node-1",
    pod: { kind: "Pod", namespace: "app", name: pod, uid },
    volume: "data",
    backupStorageLocation: "default",
    tags: { backup: "b1", pod, "pod-uid": uid, ns: "app", volume: "data" },
  });
  if (pvc !== undefined) {
    builder
      .labels({ "velero.io/pvc-uid": pvc.uid })
      .annotations({ "velero.io/pvc-name": pvc.name });
  }
  return builder.build();
}

function hooks(started: string[] = []): VolumeBackupHooks {
  return {
    signal: new AbortController().signal,
    onStarted: (path) => {
      started.push(path);
      return Promise.resolve();
    },
    onProgress: () => undefined,
  };
}

async function snapshot(id: string) {
  const { repository: repo } = await opener.open();
  try {
    return await repo.getSnapshot(id);
  } finally {
    await repo.close();
  }
}

describe("backUpVolume", () => {
  it("snapshots the volume with Velero's tags and source, then reuses it as parent", async () => {
    const path = await podWithVolume("web", "uid-web", { "a.txt": "alpha", "b.txt": "beta" });
    const started: string[] = [];
    const first = await backUpVolume(
      { locator, repositories: opener },
      pvbFor("web", "uid-web"),
      hooks(started),
    );
    assert.deepEqual(started, [path]);
    assert.equal(first.path, path);
    assert.equal(first.totalBytes, 9);
    const record = await snapshot(first.snapshotId);
    assert.equal(record.source, "app/web/data");
    assert.equal(record.tags["pod-uid"], "uid-web");
    assert.equal(record.parent, undefined);
    const second = await backUpVolume(
      { locator, repositories: opener },
      pvbFor("web", "uid-web"),
      hooks(),
    );
    assert.equal((await snapshot(second.snapshotId)).parent, first.snapshotId);
    assert.ok(second.incrementalBytes < first.incrementalBytes, "nothing new to upload");
  });

  it("finds the parent of a claim by its UID even from another pod", async () => {
    const claim = { name: "data-claim", uid: "pvc-uid-1" };
    await podWithVolume("db-0", "uid-db-0", { "table.dat": "rows" });
    const first = await backUpVolume(
      { locator, repositories: opener },
      pvbFor("db-0", "uid-db-0", claim),
      hooks(),
    );
    await podWithVolume("db-1", "uid-db-1", { "table.dat": "rows" });
    const pvb = pvbFor("db-1", "uid-db-1", claim);
    assert.equal(snapshotSource(pvb), "app/db-1/data-claim");
    const second = await backUpVolume({ locator, repositories: opener }, pvb, hooks());
    assert.equal((await snapshot(second.snapshotId)).parent, first.snapshotId);
  });

  it("takes no snapshot of an empty volume and opens no repository", async () => {
    await podWithVolume("empty", "uid-empty", {});
    const before = opener.opens;
    const result = await backUpVolume(
      { locator, repositories: opener },
      pvbFor("empty", "uid-empty"),
      hooks(),
    );
    assert.equal(result.snapshotId, "");
    assert.equal(opener.opens, before);
  });

  it("refuses to back up a pod that was replaced since the PodVolumeBackup was made", async () => {
    await podWithVolume("web2", "uid-new", { "a.txt": "x" });
    await assert.rejects(
      backUpVolume({ locator, repositories: opener }, pvbFor("web2", "uid-old"), hooks()),
      (error) => error instanceof PodVolumeError && /was replaced/.test(error.message),
    );
  });

  it("fails for a pod that does not exist", async () => {
    await assert.rejects(
      backUpVolume({ locator, repositories: opener }, pvbFor("ghost", "uid-ghost"), hooks()),
      /pod app\/ghost not found/,
    );
  });
});
