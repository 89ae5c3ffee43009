import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Backup, PodVolumeBackup } from "../../lib/api/index.js";
import { systemClock } from "../../lib/clock.js";
import { silentLogger } from "../../lib/log.js";
import {
  initRepository,
  openRepository,
  RepositoryNotFoundError,
  type Repository,
} from "../../lib/repository/index.js";
import { MemoryObjectStore } from "../../lib/storage/index.js";
import { podVolumeSnapshots, type PodVolumeSnapshotDeletion } from "../deletion/index.js";
import type { OpenedTarget, RepositoryTarget } from "./location-repositories.js";
import { repositorySnapshotDeleter } from "./snapshot-deleter.js";

const store = new MemoryObjectStore();
const options = (namespace: string) => ({
  store,
  prefix: `kopia/${namespace}/`,
  password: "pw",
  clock: systemClock,
  logger: silentLogger,
});
const source = await mkdtemp(join(tmpdir(), "snapshot-deleter-"));
after(() => rm(source, { recursive: true, force: true }));
await writeFile(join(source, "file.txt"), "content");

async function snapshotIn(repo: Repository, volume: string): Promise<string> {
  return (await repo.backup(source, { tags: { volume } })).id;
}

const appRepo = await initRepository({ ...options("app"), kdf: { n: 1024 } });
const kept = await snapshotIn(appRepo, "kept");
const doomed = await snapshotIn(appRepo, "doomed");
const alsoDoomed = await snapshotIn(appRepo, "also-doomed");
await appRepo.close();

const opener = {
  opened: [] as string[],
  open: async (target: RepositoryTarget): Promise<OpenedTarget> => {
    opener.opened.push(`${target.location}/${target.volumeNamespace}`);
    if (target.volumeNamespace === "broken") throw new Error("bucket unreachable");
    const repository = await openRepository(options(target.volumeNamespace));
    return { repository, prefix: "", created: false, readOnly: false };
  },
};

function pvb(namespace: string, volume: string, snapshotID?: string): PodVolumeBackup {
  return {
    apiVersion: "velero.io/v1",
    kind: "PodVolumeBackup",
    metadata: { name: `b-${volume}`, namespace: "velero" },
    spec: {
      node: "n",
      pod: { kind: "Pod", namespace, name: "pod" },
      volume,
      backupStorageLocation: "default",
      repoIdentifier: "",
    },
    ...(snapshotID === undefined ? {} : { status: { phase: "Completed", snapshotID } }),
  };
}

function request(pvbs: PodVolumeBackup[]): PodVolumeSnapshotDeletion {
  return {
    backup: { metadata: { name: "b" }, spec: { storageLocation: "default" } } as Backup,
    location: undefined as never,
    snapshots: podVolumeSnapshots(pvbs, "default"),
    signal: new AbortController().signal,
  };
}

describe("the repository snapshot deleter", () => {
  it("deletes the backup's snapshots from each namespace's repository, again without complaint, and keeps the others", async () => {
    const deleter = repositorySnapshotDeleter(opener);
    const pvbs = [
      pvb("app", "doomed", doomed),
      pvb("app", "also-doomed", alsoDoomed),
      pvb("app", "empty-volume"),
      pvb("never-backed-up", "v", "0123"),
    ];
    assert.deepEqual(await deleter.deleteSnapshots(request(pvbs)), []);
    assert.deepEqual(await deleter.deleteSnapshots(request(pvbs)), []);
    const repo = await openRepository(options("app"));
    const left = (await repo.listSnapshots()).map((s) => s.id);
    await repo.close();
    assert.deepEqual(left, [kept]);
    assert.deepEqual(opener.opened.slice(0, 2), ["default/app", "default/never-backed-up"]);
    await assert.rejects(openRepository(options("never-backed-up")), RepositoryNotFoundError);
  });

  it("returns one message naming the repository it could not open", async () => {
    const deleter = repositorySnapshotDeleter(opener);
    const messages = await deleter.deleteSnapshots(request([pvb("broken", "v", "abc")]));
    assert.deepEqual(messages, [
      "error opening the repository of namespace broken in location default: bucket unreachable",
    ]);
  });
});
