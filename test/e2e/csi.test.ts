// CSI snapshots end to end on the local test cluster (its snapshot controller and the
// local.csi.test driver), with the agent in this process (--features=EnableCSI) and an S3
// location on RGW: a PVC backed up by a VolumeSnapshot is restored from it after its namespace
// is deleted and a pod sees the same bytes; the volume info and describe --details show the
// snapshot; deleting the backup deletes the snapshot's data; a snapshot that never becomes
// ready leaves the backup PartiallyFailed with an error naming the PVC.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createAgentHarness } from "../../agent/backup/testing/agent-harness.js";
import { downloadRequestController } from "../../agent/controllers/download-request-controller.js";
import { backupControllerWithPodVolumes } from "../../agent/pod-volumes/agent-pod-volume-backups.js";
import { restoreControllerWithPodVolumes } from "../../agent/pod-volumes/agent-pod-volume-restores.js";
import { deleteBackupRequestControllerWithSnapshots } from "../../agent/pod-volumes/agent-snapshot-deletion.js";
import {
  buildDeleteBackupRequest,
  type Backup,
  type BackupSpec,
  type Restore,
} from "../../lib/api/index.js";
import type { BackupVolumeInfo } from "../../lib/backup-store/index.js";
import { runCaptured } from "../../kubectl-velero/testing/run-captured.js";
import { namespaceWithClaimYaml } from "../helpers/claim-manifest.js";
import { checkedKubectl } from "../helpers/checked-kubectl.js";
import { eventually } from "../helpers/eventually.js";
import { startTestCluster } from "../helpers/local-cluster.js";
import { rgwCredentialsFile } from "../helpers/node-agent-installation.js";
import { startRgw } from "../helpers/rgw.js";

const timeoutMs = 180_000;

const rgw = await startRgw();
after(() => rgw.stop());
await rgw.createBucket("csi");

const cluster = await startTestCluster({ name: "csi-agent", controllers: true, nodes: 1 });
const node = cluster.nodeNames[0] ?? "";
const podsDir = join(cluster.dataDir, "nodes", node, "root/var/lib/kubelet/pods");
const snapshotDir = (handle: string): string => join(cluster.dataDir, "snapshots", handle);

const kubectl = checkedKubectl(cluster, timeoutMs);

const harness = await createAgentHarness({
  kubeconfigPath: cluster.kubeconfigPath,
  flags: ["--features", "EnableCSI"],
});
after(() => harness.stop());
const velero = harness.ctx.velero;
await kubectl(
  ["apply", "-f", "-"],
  JSON.stringify({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "cloud-credentials", namespace: "velero" },
    stringData: {
      cloud: rgwCredentialsFile(rgw),
    },
  }),
);
await velero.backupStorageLocations.create({
  apiVersion: "velero.io/v1",
  kind: "BackupStorageLocation",
  metadata: { name: "default", namespace: "velero" },
  spec: {
    provider: "aws",
    default: true,
    objectStorage: { bucket: "csi" },
    config: { region: rgw.region, s3ForcePathStyle: "true", s3Url: rgw.endpoint },
    credential: { name: "cloud-credentials", key: "cloud" },
  },
});
await velero.backupStorageLocations.patchStatus("default", { phase: "Available" });
const scratchDir = await mkdtemp(join(tmpdir(), "csi-e2e-scratch-"));
after(() => rm(scratchDir, { recursive: true, force: true }));
await harness.start([
  backupControllerWithPodVolumes,
  (ctx) => restoreControllerWithPodVolumes({ ...ctx, config: { ...ctx.config, scratchDir } }),
  downloadRequestController,
  deleteBackupRequestControllerWithSnapshots,
]);
const store = (await harness.ctx.locations.open("default")).store;

interface PodJson {
  metadata: { uid: string };
  status: { phase?: string };
}

async function runningPod(namespace: string, name: string): Promise<PodJson> {
  return eventually(`pod ${namespace}/${name} running`, async () => {
    const result = await cluster.kubectl(["get", "pod", name, "-n", namespace, "-o", "json"]);
    if (result.code !== 0) return undefined;
    const pod = JSON.parse(result.stdout) as PodJson;
    return pod.status.phase === "Running" ? pod : undefined;
  });
}

async function claimVolume(namespace: string): Promise<string> {
  return eventually(`claim ${namespace}/data bound`, async () => {
    const result = await cluster.kubectl([
      "get",
      "pvc",
      "data",
      "-n",
      namespace,
      "-o",
      "jsonpath={.status.phase} {.spec.volumeName}",
    ]);
    const [phase, volume] = result.stdout.trim().split(" ");
    return phase === "Bound" && volume !== undefined && volume !== "" ? volume : undefined;
  });
}

const app = (namespace: string): string => `${namespaceWithClaimYaml(namespace)}apiVersion: v1
kind: Pod
metadata: {name: app, namespace: ${namespace}}
spec:
  containers:
  - {name: app, image: busybox:1.36, command: [sh, -c, "sleep 3600"], volumeMounts: [{name: data, mountPath: /data}]}
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
`;

async function backUp(name: string, spec: BackupSpec): Promise<Backup> {
  await harness.createBackup(name, spec);
  return harness.waitForBackup(name, undefined, timeoutMs);
}

async function restoreFrom(name: string, backupName: string): Promise<Restore> {
  await velero.restores.create({
    apiVersion: "velero.io/v1",
    kind: "Restore",
    metadata: { name, namespace: "velero" },
    spec: { backupName },
  });
  return eventually(`restore ${name} finished`, async () => {
    const restore = await velero.restores.get(name);
    const phase = restore.status?.phase ?? "";
    return ["Completed", "PartiallyFailed", "Failed", "FailedValidation"].includes(phase)
      ? restore
      : undefined;
  });
}

const files: Record<string, Buffer> = {
  "big.bin": randomBytes(3 * 1024 * 1024 + 17),
  "notes.txt": Buffer.from("written before the backup\n"),
  "nested/deeper/small.bin": randomBytes(4099),
};
const expectedSums = Object.entries(files)
  .map(([path, bytes]) => `${createHash("sha256").update(bytes).digest("hex")}  ./${path}`)
  .sort();

describe("CSI snapshots through the agent", () => {
  let backup: Backup | undefined;
  let infos: BackupVolumeInfo[] = [];
  let originalVolume = "";

  it("backs a PVC up with a VolumeSnapshot, records it and lets go of the snapshot objects", async () => {
    await kubectl(["apply", "-f", "-"], app("shop"));
    const pod = await runningPod("shop", "app");
    originalVolume = await claimVolume("shop");
    const mount = join(
      podsDir,
      pod.metadata.uid,
      "volumes",
      "kubernetes.io~csi",
      originalVolume,
      "mount",
    );
    await eventually("the pod's volume mounted", () =>
      Promise.resolve(existsSync(mount) ? true : undefined),
    );
    for (const [path, bytes] of Object.entries(files)) {
      await mkdir(join(mount, path, ".."), { recursive: true });
      await writeFile(join(mount, path), bytes);
    }
    backup = await backUp("shop-csi", { includedNamespaces: ["shop"], csiSnapshotTimeout: "2m" });
    assert.equal(backup.status?.phase, "Completed", JSON.stringify(backup.status));
    assert.equal(backup.status.csiVolumeSnapshotsAttempted, 1);
    assert.equal(backup.status.csiVolumeSnapshotsCompleted, 1);
    infos = await store.getBackupVolumeInfos("shop-csi");
    assert.equal(infos.length, 1, JSON.stringify(infos));
    const [info] = infos;
    assert.ok(info?.csiSnapshotInfo !== undefined);
    assert.equal(info.backupMethod, "CSISnapshot");
    assert.equal(info.pvcName, "data");
    assert.equal(info.pvcNamespace, "shop");
    assert.equal(info.pvName, originalVolume);
    assert.equal(info.snapshotDataMoved, false);
    assert.equal(info.preserveLocalSnapshot, true);
    assert.equal(info.result, "succeeded");
    assert.equal(info.csiSnapshotInfo.driver, "local.csi.test");
    assert.match(info.csiSnapshotInfo.vscName, /^snapcontent-/);
    assert.ok(info.csiSnapshotInfo.snapshotHandle !== "");
    assert.ok(info.csiSnapshotInfo.size > 0);
    assert.ok(
      existsSync(snapshotDir(info.csiSnapshotInfo.snapshotHandle)),
      "the storage snapshot is kept",
    );
    const left = await kubectl([
      "get",
      "volumesnapshots,volumesnapshotcontents",
      "-A",
      "-o",
      "name",
    ]);
    assert.equal(left.trim(), "", "the snapshot objects are released after the backup");
    const list = await store.getBackupResourceList("shop-csi");
    assert.equal(
      list["snapshot.storage.k8s.io/v1/VolumeSnapshot"]?.length,
      1,
      JSON.stringify(list),
    );
    assert.deepEqual(list["snapshot.storage.k8s.io/v1/VolumeSnapshotContent"], [
      info.csiSnapshotInfo.vscName,
    ]);
    assert.deepEqual(list["snapshot.storage.k8s.io/v1/VolumeSnapshotClass"], [
      "local-csi-snapclass",
    ]);
  });

  it("backup describe --details lists the CSI snapshot", async () => {
    const described = await runCaptured([
      "backup",
      "describe",
      "shop-csi",
      "--details",
      "--kubeconfig",
      cluster.kubeconfigPath,
    ]);
    assert.equal(described.code, 0, described.stderr);
    const csi = infos[0]?.csiSnapshotInfo;
    assert.ok(csi !== undefined);
    assert.match(described.stdout, /CSI Snapshots:\n +shop\/data:\n +Snapshot:\n/);
    assert.ok(described.stdout.includes(`Snapshot Content Name: ${csi.vscName}`), described.stdout);
    assert.ok(described.stdout.includes(`Storage Snapshot ID: ${csi.snapshotHandle}`));
    assert.ok(described.stdout.includes("CSI Driver: local.csi.test"));
  });

  it("restores the PVC from its snapshot after the namespace is gone, and the pod sees the same bytes", async () => {
    await kubectl(["delete", "namespace", "shop", "--timeout=150s"]);
    const restore = await restoreFrom("shop-back", "shop-csi");
    assert.equal(restore.status?.phase, "Completed", JSON.stringify(restore.status));
    const claim = JSON.parse(await kubectl(["get", "pvc", "data", "-n", "shop", "-o", "json"])) as {
      spec: { dataSource?: { apiGroup?: string; kind?: string; name?: string } };
    };
    assert.equal(claim.spec.dataSource?.kind, "VolumeSnapshot");
    assert.equal(claim.spec.dataSource.apiGroup, "snapshot.storage.k8s.io");
    const restoredVolume = await claimVolume("shop");
    assert.notEqual(
      restoredVolume,
      originalVolume,
      "the PV is provisioned from the snapshot, not restored",
    );
    const vs = JSON.parse(
      await kubectl([
        "get",
        "volumesnapshot",
        claim.spec.dataSource.name ?? "",
        "-n",
        "shop",
        "-o",
        "json",
      ]),
    ) as { status?: { readyToUse?: boolean; boundVolumeSnapshotContentName?: string } };
    assert.equal(vs.status?.readyToUse, true);
    const vsc = JSON.parse(
      await kubectl([
        "get",
        "volumesnapshotcontent",
        vs.status.boundVolumeSnapshotContentName ?? "",
        "-o",
        "json",
      ]),
    ) as { spec: { deletionPolicy: string; source: { snapshotHandle?: string } } };
    assert.equal(vsc.spec.deletionPolicy, "Retain");
    assert.equal(vsc.spec.source.snapshotHandle, infos[0]?.csiSnapshotInfo?.snapshotHandle);
    await runningPod("shop", "app");
    const sums = await kubectl([
      "exec",
      "app",
      "-n",
      "shop",
      "--",
      "sh",
      "-c",
      "cd /data && find . -type f | sort | xargs sha256sum",
    ]);
    assert.deepEqual(sums.trim().split("\n").sort(), expectedSums);
  });

  it("deleting the backup deletes the snapshot's data", async () => {
    const handle = infos[0]?.csiSnapshotInfo?.snapshotHandle ?? "";
    assert.ok(backup !== undefined);
    await velero.deleteBackupRequests.create(buildDeleteBackupRequest(backup, "velero"));
    await eventually("the backup deleted", async () => {
      const names = (await velero.backups.list()).map((b) => b.metadata.name);
      return names.includes("shop-csi") ? undefined : true;
    });
    await eventually("the snapshot data removed", () =>
      Promise.resolve(existsSync(snapshotDir(handle)) ? undefined : true),
    );
    const requests = await velero.deleteBackupRequests.list();
    for (const request of requests) assert.equal(request.status?.errors, undefined);
  });

  it("a snapshot that never becomes ready fails its PVC and leaves the backup PartiallyFailed", async () => {
    await kubectl(
      ["apply", "-f", "-"],
      `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: stalled}
provisioner: stalled.csi.test
---
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata: {name: stalled-snapclass}
driver: stalled.csi.test
deletionPolicy: Delete
---
apiVersion: v1
kind: Namespace
metadata: {name: stalled}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: stalled-pv}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: stalled
  persistentVolumeReclaimPolicy: Retain
  claimRef: {namespace: stalled, name: data}
  csi: {driver: stalled.csi.test, volumeHandle: stalled-volume}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: stalled}
spec: {accessModes: [ReadWriteOnce], storageClassName: stalled, volumeName: stalled-pv, resources: {requests: {storage: 1Gi}}}
`,
    );
    await claimVolume("stalled");
    const stalled = await backUp("stalled", {
      includedNamespaces: ["stalled"],
      csiSnapshotTimeout: "3s",
    });
    assert.equal(stalled.status?.phase, "PartiallyFailed", JSON.stringify(stalled.status));
    const results = await store.getBackupResults("stalled");
    const messages = (results.errors.namespaces?.["stalled"] ?? []).join("\n");
    assert.match(
      messages,
      /CSI snapshot of PVC stalled\/data failed: VolumeSnapshot stalled\/velero-data-\S+ was not ready to use within 3s/,
    );
    await eventually("the failed snapshot removed", async () => {
      const left = await kubectl(["get", "volumesnapshots", "-n", "stalled", "-o", "name"]);
      return left.trim() === "" ? true : undefined;
    });
    assert.deepEqual(await readdir(join(cluster.dataDir, "snapshots")).catch(() => []), []);
  });
});
