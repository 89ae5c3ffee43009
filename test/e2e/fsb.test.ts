// File-system backup of pod volumes end to end on the local test cluster: `kubectl velero
// install --use-node-agent` (minus the agent Deployment: the agent runs in this process) puts
// the node-agent DaemonSet's pods on the node, a pod's emptyDir and PVC volumes are backed up
// into a real S3 server (RGW) through PodVolumeBackups, and their snapshots restore every file
// byte for byte with its mode and mtime.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import {
  chmod,
  lstat,
  mkdir,
  open,
  readdir,
  readlink,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import { backupRepositoryController } from "../../agent/controllers/backup-repository-controller.js";
import { downloadRequestController } from "../../agent/controllers/download-request-controller.js";
import { backupControllerWithPodVolumes } from "../../agent/pod-volumes/agent-pod-volume-backups.js";
import { restoreControllerWithPodVolumes } from "../../agent/pod-volumes/agent-pod-volume-restores.js";
import { deleteBackupRequestControllerWithSnapshots } from "../../agent/pod-volumes/agent-snapshot-deletion.js";
import type { Backup, PodVolumeBackup, Restore } from "../../lib/api/index.js";
import { silentLogger } from "../../lib/log.js";
import { systemClock } from "../../lib/clock.js";
import { runCaptured } from "../../kubectl-velero/testing/run-captured.js";
import { RepositoryAccess } from "../../node-agent/repository-access.js";
import { namespaceWithClaimYaml } from "../helpers/claim-manifest.js";
import { checkedKubectl } from "../helpers/checked-kubectl.js";
import { eventually } from "../helpers/eventually.js";
import { startTestCluster } from "../helpers/local-cluster.js";
import {
  renderNodeAgentInstallation,
  runningNodeAgentPod,
  startAgentWithNodeAgent,
} from "../helpers/node-agent-installation.js";
import { startRgw } from "../helpers/rgw.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const MiB = 1024 * 1024;
const bigFileBytes = 100 * MiB;

const rgw = await startRgw();
after(() => rgw.stop());
await rgw.createBucket("velero");
const temp = await makeTempDir("kv-fsb-e2e-");
after(() => temp.remove());

const cluster = await startTestCluster({ name: "fsb", controllers: true, nodes: 1 });
const node = cluster.nodeNames[0] ?? "";
const podsDir = join(cluster.dataDir, "nodes", node, "root/var/lib/kubelet/pods");
const kubectl = checkedKubectl(cluster);

const harness = await startAgentWithNodeAgent({
  cluster,
  installation: await renderNodeAgentInstallation(rgw, "velero"),
  flags: ["--fs-backup-timeout", "10m"],
  controllers: [
    backupControllerWithPodVolumes,
    backupRepositoryController,
    restoreControllerWithPodVolumes,
    downloadRequestController,
    deleteBackupRequestControllerWithSnapshots,
  ],
});

interface PodJson {
  metadata: { name: string; uid: string };
  spec: { nodeName?: string };
  status: { phase?: string };
}

async function startPod(namespace: string, extraVolumes = ""): Promise<PodJson> {
  await kubectl(
    ["apply", "-f", "-"],
    `${namespaceWithClaimYaml(namespace)}apiVersion: v1
kind: Pod
metadata:
  name: writer
  namespace: ${namespace}
  annotations: {backup.velero.io/backup-volumes-excludes: skipped}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, "[ -f /data/from-pod.txt ] || echo written-by-the-pod > /data/from-pod.txt; sleep 3600"]
    volumeMounts:
    - {name: data, mountPath: /data}
    - {name: scratch, mountPath: /scratch}
    - {name: skipped, mountPath: /skipped}
  volumes:
  - {name: data, persistentVolumeClaim: {claimName: data}}
  - {name: scratch, emptyDir: {}}
  - {name: skipped, emptyDir: {}}
${extraVolumes}`,
  );
  return eventually(`pod ${namespace}/writer running`, async () => {
    const pod = JSON.parse(
      await kubectl(["get", "pod", "writer", "-n", namespace, "-o", "json"]),
    ) as PodJson;
    return pod.status.phase === "Running" ? pod : undefined;
  });
}

async function volumeDirs(namespace: string, pod: PodJson) {
  const pv = (
    await kubectl(["get", "pvc", "data", "-n", namespace, "-o", "jsonpath={.spec.volumeName}"])
  ).trim();
  const root = join(podsDir, pod.metadata.uid, "volumes");
  const data = join(root, "kubernetes.io~csi", pv, "mount");
  await eventually("the pod's file in its claim", async () => {
    const names = await readdir(data).catch((): string[] => []);
    return names.includes("from-pod.txt") ? true : undefined;
  });
  return {
    data,
    scratch: join(root, "kubernetes.io~empty-dir", "scratch"),
    skipped: join(root, "kubernetes.io~empty-dir", "skipped"),
  };
}

async function writeRandomFile(path: string, bytes: number): Promise<void> {
  const file = await open(path, "w");
  try {
    for (let done = 0; done < bytes; done += MiB) {
      await file.write(randomBytes(Math.min(MiB, bytes - done)));
    }
  } finally {
    await file.close();
  }
}

/** Nested directories, a symlink, modes, set mtimes and a 100 MiB file. */
async function fillVolumes(dirs: { data: string; scratch: string; skipped: string }) {
  await mkdir(join(dirs.data, "nested/deeper/deepest"), { recursive: true });
  await writeFile(join(dirs.data, "nested/deeper/deepest/leaf.txt"), "leaf\n");
  await writeFile(join(dirs.data, "nested/script.sh"), "#!/bin/sh\necho hi\n");
  await chmod(join(dirs.data, "nested/script.sh"), 0o750);
  await writeFile(join(dirs.data, "nested/secret.txt"), "private\n");
  await chmod(join(dirs.data, "nested/secret.txt"), 0o600);
  await symlink("nested/deeper/deepest/leaf.txt", join(dirs.data, "leaf-link"));
  await writeRandomFile(join(dirs.data, "big.bin"), bigFileBytes);
  await utimes(
    join(dirs.data, "nested/secret.txt"),
    new Date("2020-02-02T02:02:02.5Z"),
    new Date("2020-02-02T02:02:02.5Z"),
  );
  await writeFile(join(dirs.scratch, "notes.txt"), "scratch notes\n".repeat(1000));
  await mkdir(join(dirs.scratch, "empty-dir"), { mode: 0o711 });
  await writeFile(join(dirs.skipped, "not-backed-up.txt"), "nope\n");
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Every entry under `dir` (but `.velero`): type, mode, mtime (files), content hash or target. */
async function manifest(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (current: string): Promise<void> => {
    for (const name of (await readdir(current)).sort()) {
      if (current === dir && name === ".velero") continue;
      const path = join(current, name);
      const stat = await lstat(path);
      const mode = (stat.mode & 0o7777).toString(8);
      const key = relative(dir, path);
      if (stat.isSymbolicLink()) out.set(key, `link ${await readlink(path)}`);
      else if (stat.isDirectory()) {
        out.set(key, `dir ${mode}`);
        await walk(path);
      } else {
        out.set(key, `file ${mode} ${String(Math.floor(stat.mtimeMs))} ${await sha256(path)}`);
      }
    }
  };
  await walk(dir);
  return out;
}

async function backUp(name: string, namespace: string): Promise<Backup> {
  await harness.createBackup(name, {
    includedNamespaces: [namespace],
    defaultVolumesToFsBackup: true,
    storageLocation: "default",
  });
  return harness.waitForBackup(name, undefined, 300_000);
}

async function pvbsOf(backup: string): Promise<PodVolumeBackup[]> {
  const all = await harness.ctx.velero.podVolumeBackups.list(`velero.io/backup-name=${backup}`);
  return all.sort((a, b) => a.spec.volume.localeCompare(b.spec.volume));
}

interface PvbFigures {
  readonly volume: string;
  readonly phase: string;
  readonly node: string;
  readonly totalBytes: number;
  readonly incrementalBytes: number;
  readonly snapshotId: string;
  readonly claim: string;
  readonly message: string;
}

function figures(pvb: PodVolumeBackup | undefined): PvbFigures {
  assert.ok(pvb !== undefined, "a PodVolumeBackup is missing");
  const status = pvb.status ?? {};
  return {
    volume: pvb.spec.volume,
    phase: status.phase ?? "New",
    node: pvb.spec.node,
    totalBytes: status.progress?.totalBytes ?? 0,
    incrementalBytes: status.incrementalBytes ?? 0,
    snapshotId: status.snapshotID ?? "",
    claim: pvb.metadata.annotations?.["velero.io/pvc-name"] ?? "",
    message: status.message ?? "",
  };
}

const repositories = new RepositoryAccess({
  velero: harness.ctx.velero,
  rest: harness.ctx.rest,
  credentialsFile: undefined,
  clock: systemClock,
  logger: silentLogger,
});

async function restoreSnapshot(namespace: string, snapshotId: string): Promise<string> {
  const target = join(temp.path, `restore-${snapshotId.slice(0, 12)}-${String(Date.now())}`);
  await mkdir(target);
  const opened = await repositories.open("default", namespace);
  try {
    await opened.repository.restore(snapshotId, target);
  } finally {
    await opened.repository.close();
  }
  return target;
}

describe("file-system backup of pod volumes through the node-agent DaemonSet", () => {
  const namespace = "fsb-app";
  let dirs: { data: string; scratch: string; skipped: string };
  let originals: { data: Map<string, string>; scratch: Map<string, string> };
  let afterChange: Map<string, string>;

  it("backs up the emptyDir and the PVC of a running pod (not the excluded volume) into PodVolumeBackups that restore every file exactly", async (t) => {
    const pod = await startPod(namespace);
    dirs = await volumeDirs(namespace, pod);
    await fillVolumes(dirs);
    originals = { data: await manifest(dirs.data), scratch: await manifest(dirs.scratch) };
    const started = Date.now();
    const backup = await backUp("fsb-full", namespace);
    t.diagnostic(
      `first backup of ${String(bigFileBytes / MiB)} MiB: ${String(Date.now() - started)} ms`,
    );
    assert.equal(backup.status?.phase, "Completed", JSON.stringify(backup.status));
    const pvbs = await pvbsOf("fsb-full");
    assert.deepEqual(
      pvbs.map(figures).map((p) => [p.volume, p.phase, p.node, p.claim]),
      [
        ["data", "Completed", node, "data"],
        ["scratch", "Completed", node, ""],
      ],
    );
    const [data, scratch] = [figures(pvbs[0]), figures(pvbs[1])];
    assert.ok(data.totalBytes >= bigFileBytes, `total ${String(data.totalBytes)}`);
    assert.ok(data.incrementalBytes >= bigFileBytes * 0.9, "random data is uploaded whole");
    const repo = await harness.ctx.velero.backupRepositories.get(`${namespace}-default-kopia`);
    assert.equal(repo.status?.phase, "Ready");
    const { store } = await harness.ctx.locations.open("default");
    const recorded = (await store.getPodVolumeBackups("fsb-full")) as unknown as PodVolumeBackup[];
    assert.deepEqual(
      recorded.map(figures).sort((a, b) => a.volume.localeCompare(b.volume)),
      pvbs.map(figures),
      "<b>-podvolumebackups.json.gz holds the final objects",
    );
    const described = await runCaptured([
      "backup",
      "describe",
      "fsb-full",
      "--details",
      "--kubeconfig",
      cluster.kubeconfigPath,
    ]);
    assert.equal(described.code, 0, described.stderr);
    assert.match(
      described.stdout,
      /Pod Volume Backups - kopia:\n\s+Completed:\n\s+fsb-app\/writer: data \(size: \d+, incremental size: \d+\), scratch \(size: 14000, incremental size: \d+\)\n/,
    );
    const infos = await store.getBackupVolumeInfos("fsb-full");
    assert.deepEqual(
      infos
        .map((i) => [i.backupMethod, i.pvcName ?? "", i.result, i.pvbInfo?.snapshotHandle ?? ""])
        .sort(),
      [
        ["PodVolumeBackup", "", "succeeded", scratch.snapshotId],
        ["PodVolumeBackup", "data", "succeeded", data.snapshotId],
      ],
    );
    for (const [pvb, original] of [
      [data, originals.data],
      [scratch, originals.scratch],
    ] as const) {
      const restored = await restoreSnapshot(namespace, pvb.snapshotId);
      assert.deepEqual(await manifest(restored), original, `volume ${pvb.volume}`);
    }
  });

  it("uploads about the changed bytes in an incremental backup after 1% of the big file changed", async (t) => {
    const file = await open(join(dirs.data, "big.bin"), "r+");
    try {
      await file.write(randomBytes(bigFileBytes / 100), 0, bigFileBytes / 100, bigFileBytes / 2);
    } finally {
      await file.close();
    }
    const backup = await backUp("fsb-incremental", namespace);
    assert.equal(backup.status?.phase, "Completed", JSON.stringify(backup.status));
    const [data, scratch] = await pvbsOf("fsb-incremental");
    const uploaded = figures(data).incrementalBytes;
    t.diagnostic(
      `incremental upload after a 1% change: ${String(uploaded)} bytes (${((100 * uploaded) / bigFileBytes).toFixed(2)}%)`,
    );
    assert.ok(uploaded >= bigFileBytes / 100 / 2, `uploaded ${String(uploaded)}`);
    // The changed MiB plus the content-defined chunks around it until the chunker finds a
    // boundary it had before: at most a 4 MiB chunk before and about two after (measured
    // 3.5-6.4%, once 11.0% in a full run), so 1% + 3 maximum chunks bounds it.
    assert.ok(uploaded <= bigFileBytes / 100 + 3 * 4 * MiB, `uploaded ${String(uploaded)}`);
    assert.ok(figures(scratch).incrementalBytes < 64 * 1024, "nothing new in the other volume");
    afterChange = await manifest(dirs.data);
    const restored = await restoreSnapshot(namespace, figures(data).snapshotId);
    assert.deepEqual(await manifest(restored), afterChange);
  });

  it("leaves a Failed PodVolumeBackup when the node-agent is killed mid-backup, and every earlier snapshot still restores", async () => {
    await writeRandomFile(join(dirs.data, "more.bin"), 150 * MiB);
    const agent = await runningNodeAgentPod(cluster);
    await harness.createBackup("fsb-killed", {
      includedNamespaces: [namespace],
      defaultVolumesToFsBackup: true,
      storageLocation: "default",
    });
    await eventually("the claim's PodVolumeBackup in progress", async () => {
      const pvb = (await pvbsOf("fsb-killed")).find((p) => p.spec.volume === "data");
      return pvb?.status?.phase === "InProgress" ? pvb : undefined;
    });
    await kubectl([
      "delete",
      "pod",
      agent.metadata.name,
      "-n",
      "velero",
      "--grace-period=0",
      "--force",
    ]);
    await runningNodeAgentPod(cluster, { notUid: agent.metadata.uid });
    const backup = await harness.waitForBackup("fsb-killed", undefined, 300_000);
    assert.equal(backup.status?.phase, "PartiallyFailed", JSON.stringify(backup.status));
    const killed = figures((await pvbsOf("fsb-killed")).find((p) => p.spec.volume === "data"));
    assert.equal(killed.phase, "Failed");
    assert.notEqual(killed.message, "");
    for (const [name, expected] of [
      ["fsb-full", originals.data],
      ["fsb-incremental", afterChange],
    ] as const) {
      const data = figures((await pvbsOf(name)).find((p) => p.spec.volume === "data"));
      const restored = await restoreSnapshot(namespace, data.snapshotId);
      assert.deepEqual(await manifest(restored), expected, `${name} after the kill`);
    }
  });

  it("restores the volumes into the re-created pod after the namespace is deleted: every file equal, the excluded volume empty", async (t) => {
    await kubectl(["delete", "namespace", namespace, "--wait=true", "--timeout=120s"]);
    const started = Date.now();
    await harness.ctx.velero.restores.create({
      apiVersion: "velero.io/v1",
      kind: "Restore",
      metadata: { name: "fsb-restore", namespace: "velero" },
      spec: { backupName: "fsb-incremental" },
    });
    const restore = await eventually(
      "the restore to finish",
      async () => {
        const r: Restore = await harness.ctx.velero.restores.get("fsb-restore");
        const phase = r.status?.phase ?? "";
        return ["Completed", "PartiallyFailed", "Failed", "FailedValidation"].includes(phase)
          ? r
          : undefined;
      },
      { timeoutMs: 300_000 },
    );
    t.diagnostic(
      `restore with ${String(bigFileBytes / MiB)} MiB: ${String(Date.now() - started)} ms`,
    );
    assert.equal(restore.status?.phase, "Completed", JSON.stringify(restore.status));
    const pvrs = await harness.ctx.velero.podVolumeRestores.list(
      "velero.io/restore-name=fsb-restore",
    );
    assert.deepEqual(pvrs.map((p) => [p.spec.volume, p.status?.phase]).sort(), [
      ["data", "Completed"],
      ["scratch", "Completed"],
    ]);
    const pod = await eventually(`restored pod running`, async () => {
      const found = JSON.parse(
        await kubectl(["get", "pod", "writer", "-n", namespace, "-o", "json"]),
      ) as PodJson & { spec: { initContainers?: { name: string }[] } };
      return found.status.phase === "Running" ? found : undefined;
    });
    assert.equal(
      (pod as { spec: { initContainers?: { name: string }[] } }).spec.initContainers?.[0]?.name,
      "restore-wait",
    );
    const restored = await volumeDirs(namespace, pod);
    assert.deepEqual(await manifest(restored.data), afterChange);
    assert.deepEqual(await manifest(restored.scratch), originals.scratch);
    assert.deepEqual(await readdir(restored.skipped), [], "the excluded volume was not backed up");
  });

  it("deletes a backup's file-system snapshots with the backup and keeps the later backups' snapshots", async () => {
    const full = (await pvbsOf("fsb-full")).map((p) => figures(p).snapshotId);
    const later = (await pvbsOf("fsb-incremental")).map((p) => figures(p).snapshotId);
    const deleted = await runCaptured([
      "backup",
      "delete",
      "fsb-full",
      "--confirm",
      "--kubeconfig",
      cluster.kubeconfigPath,
    ]);
    assert.equal(deleted.code, 0, deleted.stderr);
    await eventually("the Backup to be gone", async () => {
      const names = (await harness.ctx.velero.backups.list()).map((b) => b.metadata.name);
      return names.includes("fsb-full") ? undefined : true;
    });
    const opened = await repositories.open("default", namespace);
    try {
      const ids = new Set((await opened.repository.listSnapshots()).map((s) => s.id));
      assert.deepEqual(
        full.filter((id) => ids.has(id)),
        [],
        "the deleted backup's snapshots are gone",
      );
      assert.deepEqual(
        later.filter((id) => !ids.has(id)),
        [],
        "the later backup's snapshots stay",
      );
    } finally {
      await opened.repository.close();
    }
  });

  it("names a pack corrupted in the bucket in the integrity check and in the failing restore", async () => {
    const { objectStore, store } = await harness.ctx.locations.open("default");
    const prefix = store.layout.repositoryPrefix("kopia", namespace);
    const packs: string[] = [];
    for await (const object of objectStore.list(`${prefix}packs/`)) packs.push(object.key);
    assert.ok(packs.length > 0, "the repository has packs");
    const victim = packs[0] ?? "";
    const chunks: Buffer[] = [];
    for await (const chunk of await objectStore.get(victim)) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    // Every byte flipped: a pack may hold blobs of several snapshots (listings are packed
    // together), so only a pack damaged throughout fails the restore of every snapshot the
    // integrity check says depends on it.
    for (let i = 0; i < bytes.length; i++) bytes.writeUInt8(bytes.readUInt8(i) ^ 0xff, i);
    await objectStore.put(victim, bytes);
    const packName = victim.slice(victim.lastIndexOf("/") + 1);
    const opened = await repositories.open("default", namespace);
    try {
      const report = await opened.repository.check();
      assert.equal(report.ok, false);
      assert.ok(
        report.damagedPacks.some((d) => d.key.endsWith(packName)),
        JSON.stringify(report.damagedPacks),
      );
      const damaged = report.damagedSnapshots.map((d) => d.key);
      assert.ok(damaged.length > 0, "a snapshot depends on the pack");
      const snapshot = damaged[0] ?? "";
      const target = join(temp.path, "restore-of-damaged");
      await mkdir(target);
      await assert.rejects(opened.repository.restore(snapshot, target), (error: Error) => {
        assert.ok(error.message.includes(packName), error.message);
        return true;
      });
    } finally {
      await opened.repository.close();
    }
  });
});
