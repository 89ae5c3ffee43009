// Snapshot data movement end to end: two local test clusters sharing one RGW bucket, each with
// the node-agent DaemonSet from `kubectl velero install --use-node-agent` (the agent runs in
// this process with --features=EnableCSI). A backup with snapshotMoveData on cluster A moves
// the PVC's CSI snapshot into the bucket through a DataUpload and the node-agent; the local
// VolumeSnapshot is gone afterwards; cluster B, whose storage never held the snapshot,
// restores the PVC through a DataDownload and its pod sees every file byte for byte. Deleting
// the backup on cluster A forgets the moved snapshot in the repository and refuses restores.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { AgentHarness } from "../../agent/backup/testing/agent-harness.js";
import { backupRepositoryController } from "../../agent/controllers/backup-repository-controller.js";
import { downloadRequestController } from "../../agent/controllers/download-request-controller.js";
import {
  backupControllerWithDataMovement,
  restoreControllerWithDataMovement,
} from "../../agent/data-movement/index.js";
import { deleteBackupRequestControllerWithSnapshots } from "../../agent/pod-volumes/agent-snapshot-deletion.js";
import { LocationRepositories, RepositoryPasswords } from "../../agent/repository/index.js";
import type { Backup, DataDownload, DataUpload, Restore } from "../../lib/api/index.js";
import { runCaptured } from "../../kubectl-velero/testing/run-captured.js";
import { namespaceWithClaimYaml } from "../helpers/claim-manifest.js";
import { checkedKubectl } from "../helpers/checked-kubectl.js";
import { eventually as eventuallyWithin } from "../helpers/eventually.js";
import { startTestCluster, type TestCluster } from "../helpers/local-cluster.js";
import {
  renderNodeAgentInstallation,
  startAgentWithNodeAgent,
} from "../helpers/node-agent-installation.js";
import { startRgw } from "../helpers/rgw.js";

const timeoutMs = 240_000;

const rgw = await startRgw();
after(() => rgw.stop());
await rgw.createBucket("moved");

function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  return eventuallyWithin(what, probe, { timeoutMs, intervalMs: 200 });
}

async function kubectl(cluster: TestCluster, args: readonly string[], input?: string) {
  return checkedKubectl(cluster, timeoutMs)(args, input);
}

// One installation (one generated repository password) applied to both clusters.
const installation = await renderNodeAgentInstallation(rgw, "moved");

async function setUpCluster(
  name: string,
): Promise<{ cluster: TestCluster; harness: AgentHarness }> {
  const cluster = await startTestCluster({ name, controllers: true, nodes: 1 });
  const harness = await startAgentWithNodeAgent({
    cluster,
    installation,
    flags: ["--features", "EnableCSI"],
    timeoutMs,
    controllers: [
      backupControllerWithDataMovement,
      backupRepositoryController,
      restoreControllerWithDataMovement,
      downloadRequestController,
      deleteBackupRequestControllerWithSnapshots,
    ],
  });
  return { cluster, harness };
}

const a = await setUpCluster("dm-a");
const b = await setUpCluster("dm-b");

const app = `${namespaceWithClaimYaml("shop")}apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop}
spec:
  containers:
  - {name: app, image: busybox:1.36, command: [sh, -c, "sleep 3600"], volumeMounts: [{name: data, mountPath: /data}]}
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
`;

interface PodJson {
  metadata: { uid: string };
  status: { phase?: string };
}

/** The directory of the shop/app pod's claim on the cluster's node, once the pod runs. */
async function appVolumeDir(cluster: TestCluster): Promise<string> {
  const pod = await eventually("pod shop/app running", async () => {
    const result = await cluster.kubectl(["get", "pod", "app", "-n", "shop", "-o", "json"]);
    if (result.code !== 0) return undefined;
    const parsed = JSON.parse(result.stdout) as PodJson;
    return parsed.status.phase === "Running" ? parsed : undefined;
  });
  const volume = await eventually("claim shop/data bound", async () => {
    const result = await cluster.kubectl([
      "get",
      "pvc",
      "data",
      "-n",
      "shop",
      "-o",
      "jsonpath={.status.phase} {.spec.volumeName}",
    ]);
    const [phase, name] = result.stdout.trim().split(" ");
    return phase === "Bound" && name !== undefined && name !== "" ? name : undefined;
  });
  const node = cluster.nodeNames[0] ?? "";
  const dir = join(
    cluster.dataDir,
    "nodes",
    node,
    "root/var/lib/kubelet/pods",
    pod.metadata.uid,
    "volumes/kubernetes.io~csi",
    volume,
    "mount",
  );
  await eventually("the pod's volume mounted", () =>
    Promise.resolve(existsSync(dir) ? true : undefined),
  );
  return dir;
}

const files: Record<string, Buffer> = {
  "big.bin": randomBytes(5 * 1024 * 1024 + 13),
  "notes.txt": Buffer.from("written before the backup\n"),
  "nested/deeper/small.bin": randomBytes(4099),
};
const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** The backup's single DataUpload, checked to be Completed with a snapshot of the PVC. */
async function onlyDataUpload(
  backupName: string,
): Promise<DataUpload & { status: NonNullable<DataUpload["status"]> }> {
  const uploads: DataUpload[] = await a.harness.ctx.velero.dataUploads.list(
    `velero.io/backup-name=${backupName}`,
  );
  assert.equal(uploads.length, 1);
  const [du] = uploads;
  assert.ok(du?.status !== undefined);
  assert.equal(du.status.phase, "Completed", JSON.stringify(du.status));
  assert.ok((du.status.snapshotID ?? "") !== "", "the DataUpload names its snapshot");
  assert.equal(du.spec.sourcePVC, "data");
  assert.equal(du.spec.sourceNamespace, "shop");
  assert.equal(du.spec.snapshotType, "CSI");
  assert.ok((du.status.progress?.totalBytes ?? 0) >= 5 * 1024 * 1024);
  return du as DataUpload & { status: NonNullable<DataUpload["status"]> };
}

/** The ids of the snapshots in cluster A's repository of namespace shop. */
async function repositorySnapshotIds(): Promise<string[]> {
  const { ctx } = a.harness;
  const repositories = new LocationRepositories({
    locations: ctx.locations,
    passwords: new RepositoryPasswords({ rest: ctx.rest, namespace: "velero" }),
    clock: ctx.clock,
    logger: ctx.logger,
  });
  const opened = await repositories.open({ location: "default", volumeNamespace: "shop" });
  try {
    return (await opened.repository.listSnapshots()).map((s) => s.id);
  } finally {
    await opened.repository.close();
  }
}

describe("snapshot data movement between two clusters", () => {
  let backup: Backup | undefined;
  let movedSnapshotId: string | undefined;

  it("moves the PVC's CSI snapshot into the bucket through a DataUpload on cluster A and removes the local snapshot", async () => {
    await kubectl(a.cluster, ["apply", "-f", "-"], app);
    const dir = await appVolumeDir(a.cluster);
    for (const [path, bytes] of Object.entries(files)) {
      await mkdir(join(dir, path, ".."), { recursive: true });
      await writeFile(join(dir, path), bytes);
    }
    await a.harness.createBackup("shop-moved", {
      includedNamespaces: ["shop"],
      snapshotMoveData: true,
      csiSnapshotTimeout: "2m",
      storageLocation: "default",
    });
    backup = await a.harness.waitForBackup("shop-moved", undefined, timeoutMs);
    const { store } = await a.harness.ctx.locations.open("default");
    if (backup.status?.phase !== "Completed") {
      const results = await store.getBackupResults("shop-moved");
      const uploads = await a.harness.ctx.velero.dataUploads.list();
      assert.fail(JSON.stringify({ status: backup.status, results, uploads }));
    }
    const du = await onlyDataUpload("shop-moved");
    movedSnapshotId = du.status.snapshotID;
    await eventually("no VolumeSnapshot left on cluster A", async () => {
      const left = await kubectl(a.cluster, ["get", "volumesnapshots", "-A", "-o", "name"]);
      return left.trim() === "" ? true : undefined;
    });
    const infos = await store.getBackupVolumeInfos("shop-moved");
    assert.equal(infos.length, 1, JSON.stringify(infos));
    const [info] = infos;
    assert.equal(info?.backupMethod, "CSISnapshot");
    assert.equal(info.snapshotDataMoved, true);
    assert.equal(info.result, "succeeded");
    assert.ok(info.snapshotDataMovementInfo !== undefined);
    assert.equal(info.snapshotDataMovementInfo.snapshotHandle, du.status.snapshotID);
    assert.equal(info.snapshotDataMovementInfo.dataMover, "velero");
    assert.equal(info.snapshotDataMovementInfo.uploaderType, "kopia");
    const described = await runCaptured([
      "backup",
      "describe",
      "shop-moved",
      "--details",
      "--kubeconfig",
      a.cluster.kubeconfigPath,
    ]);
    assert.equal(described.code, 0, described.stderr);
    assert.match(
      described.stdout,
      /CSI Snapshots:\n\s+shop\/data:\n\s+Data Movement:\n\s+Operation ID: du-\S+\n\s+Data Mover: velero\n\s+Uploader Type: kopia\n\s+Moved data Size \(bytes\): \d+\n/,
    );
    const table = await kubectl(a.cluster, ["get", "datauploads", "-n", "velero"]);
    assert.match(
      table,
      /STATUS\s+STARTED\s+BYTES DONE\s+TOTAL BYTES\s+STORAGE LOCATION\s+AGE\s+NODE/,
    );
    assert.match(table, /Completed/);
  });

  it("restores the PVC on cluster B through a DataDownload and the pod sees the same bytes", async () => {
    assert.ok(backup !== undefined, "the backup test ran first");
    const copy: Backup = {
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: { name: "shop-moved", namespace: "velero", labels: backup.metadata.labels ?? {} },
      spec: backup.spec,
    };
    await b.harness.ctx.velero.backups.create(copy);
    await b.harness.ctx.velero.backups.patchStatus("shop-moved", backup.status ?? {});
    await b.harness.ctx.velero.restores.create({
      apiVersion: "velero.io/v1",
      kind: "Restore",
      metadata: { name: "shop-back", namespace: "velero" },
      spec: { backupName: "shop-moved" },
    });
    const restore: Restore = await eventually("restore shop-back finished", async () => {
      const current = await b.harness.ctx.velero.restores.get("shop-back");
      const phase = current.status?.phase ?? "";
      return ["Completed", "PartiallyFailed", "Failed", "FailedValidation"].includes(phase)
        ? current
        : undefined;
    });
    assert.equal(restore.status?.phase, "Completed", JSON.stringify(restore.status));
    const downloads: DataDownload[] = await b.harness.ctx.velero.dataDownloads.list(
      `velero.io/restore-name=shop-back`,
    );
    assert.equal(downloads.length, 1);
    assert.equal(downloads[0]?.status?.phase, "Completed", JSON.stringify(downloads[0]?.status));
    const dir = await appVolumeDir(b.cluster);
    for (const [path, bytes] of Object.entries(files)) {
      assert.equal(sha256(await readFile(join(dir, path))), sha256(bytes), path);
    }
    const described = await runCaptured([
      "restore",
      "describe",
      "shop-back",
      "--details",
      "--kubeconfig",
      b.cluster.kubeconfigPath,
    ]);
    assert.equal(described.code, 0, described.stderr);
    assert.match(
      described.stdout,
      /CSI Snapshot Restores:\n\s+shop\/data:\n\s+Data Movement:\n\s+Operation ID: dd-\S+\n\s+Data Mover: velero\n\s+Uploader Type: kopia\n/,
    );
  });
  it("deletes the moved snapshot from the repository with the backup on cluster A and then refuses to restore it", async () => {
    assert.ok(movedSnapshotId !== undefined, "the backup test ran first");
    assert.ok((await repositorySnapshotIds()).includes(movedSnapshotId));
    const kubeconfig = ["--kubeconfig", a.cluster.kubeconfigPath];
    const deleted = await runCaptured([
      "backup",
      "delete",
      "shop-moved",
      "--confirm",
      ...kubeconfig,
    ]);
    assert.equal(deleted.code, 0, deleted.stderr);
    await eventually("the Backup gone from cluster A", async () => {
      const names = (await a.harness.ctx.velero.backups.list()).map((b) => b.metadata.name);
      return names.includes("shop-moved") ? undefined : true;
    });
    assert.ok(!(await repositorySnapshotIds()).includes(movedSnapshotId));
    const uploads = await a.harness.ctx.velero.dataUploads.list("velero.io/backup-name=shop-moved");
    assert.deepEqual(uploads, [], "the backup's DataUploads are deleted");
    const { store } = await a.harness.ctx.locations.open("default");
    assert.ok(!(await store.listBackups()).includes("shop-moved"), "the bucket copy is gone");
    const refused = await runCaptured([
      "restore",
      "create",
      "shop-again",
      "--from-backup",
      "shop-moved",
      ...kubeconfig,
    ]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /backup "shop-moved" does not exist/);
  });
});
