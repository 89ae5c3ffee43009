// CSI snapshots on the local test cluster, driven by the real kubectl: a VolumeSnapshot of a
// claim a running pod writes to holds the files of that moment, a claim provisioned from it
// starts with those bytes (and waits while the snapshot is not ready), and deleting the
// snapshot removes its content and data.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { startTestCluster } from "../helpers/local-cluster.js";
import type { Pod } from "../cluster/controllers/kube-types.js";
import {
  DEFAULT_SNAPSHOT_CLASS,
  snapshotResources,
  type VolumeSnapshot,
  type VolumeSnapshotContent,
} from "../cluster/csi/snapshot-types.js";

const cluster = await startTestCluster({ name: "csi", nodes: 1, controllers: true });
const deadlineMs = 120_000;
const podsRef = { group: "", version: "v1", resource: "pods" };
const claimsRef = { group: "", version: "v1", resource: "persistentvolumeclaims" };

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(200);
  }
}

async function kubectl(args: string[], input?: string): Promise<string> {
  const result = await cluster.kubectl(args, { input, timeoutMs: deadlineMs });
  assert.equal(result.code, 0, `kubectl ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

async function running(name: string): Promise<Pod> {
  return eventually(`pod ${name} running`, () => {
    const pod = cluster.api.get(podsRef, "default", name) as Pod | undefined;
    const state = pod?.status?.containerStatuses?.[0]?.state;
    return Promise.resolve(state?.running === undefined ? undefined : pod);
  });
}

const inPod = (pod: string, script: string): Promise<string> =>
  kubectl(["exec", pod, "--", "sh", "-c", script]);

function claim(name: string, dataSource?: string): string {
  const source =
    dataSource === undefined
      ? ""
      : `\n  dataSource: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: ${dataSource}}`;
  return `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}, namespace: default}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}${source}
`;
}

function pod(name: string, claimName: string): string {
  return `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default}
spec:
  containers:
  - {name: main, image: busybox, command: [sh, -c, "sleep 100000"], volumeMounts: [{name: data, mountPath: /data}]}
  volumes: [{name: data, persistentVolumeClaim: {claimName: ${claimName}}}]
`;
}

function snapshot(name: string, claimName: string): string {
  return `
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: ${name}, namespace: default}
spec: {source: {persistentVolumeClaimName: ${claimName}}}
`;
}

const HASHES = "cd /data && sha256sum a.txt sub/big.bin";

function getSnapshot(name: string): VolumeSnapshot | undefined {
  return cluster.api.get(snapshotResources.volumesnapshots, "default", name) as
    VolumeSnapshot | undefined;
}

function getContent(name: string): VolumeSnapshotContent | undefined {
  return cluster.api.get(snapshotResources.volumesnapshotcontents, undefined, name) as
    VolumeSnapshotContent | undefined;
}

describe("CSI snapshots of the local test cluster through kubectl", () => {
  let expected = "";

  test("a VolumeSnapshot of a claim in use copies the pod's files of that moment", async () => {
    await kubectl(["apply", "-f", "-"], claim("source") + "---" + pod("writer", "source"));
    await running("writer");
    await inPod(
      "writer",
      "mkdir -p /data/sub && echo one > /data/a.txt && head -c 300000 /dev/urandom > /data/sub/big.bin",
    );
    expected = await inPod("writer", HASHES);
    await kubectl(["apply", "-f", "-"], snapshot("snap", "source"));
    await kubectl([
      "wait",
      "--for=jsonpath={.status.readyToUse}=true",
      "volumesnapshot/snap",
      "--timeout=120s",
    ]);
    await inPod(
      "writer",
      "echo two > /data/a.txt && rm /data/sub/big.bin && echo x > /data/new.txt",
    );

    const vs = getSnapshot("snap");
    assert.equal(vs?.spec.volumeSnapshotClassName, DEFAULT_SNAPSHOT_CLASS);
    const contentName = `snapcontent-${vs.metadata.uid ?? ""}`;
    assert.equal(vs.status?.boundVolumeSnapshotContentName, contentName);
    assert.equal(vs.status.restoreSize, "1Gi");
    assert.match(vs.status.creationTime ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual([...(vs.metadata.finalizers ?? [])].sort(), [
      "snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection",
      "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection",
    ]);
    const content = getContent(contentName);
    assert.equal(content?.spec.deletionPolicy, "Delete");
    assert.equal(content.spec.driver, "local.csi.test");
    assert.equal(content.spec.volumeSnapshotRef.uid, vs.metadata.uid);
    assert.match(content.spec.source.volumeHandle ?? "", /^local\.csi\.test-/);
    assert.equal(content.status?.readyToUse, true);
    assert.equal(content.status.restoreSize, 1024 ** 3);

    const table = await kubectl(["get", "vs", "snap"]);
    assert.match(
      table,
      new RegExp(
        `\\nsnap\\s+true\\s+source\\s+1Gi\\s+${DEFAULT_SNAPSHOT_CLASS}\\s+${contentName}\\s`,
      ),
    );
    const contents = await kubectl(["get", "vsc", contentName]);
    assert.match(
      contents,
      new RegExp(
        `${contentName}\\s+true\\s+1073741824\\s+Delete\\s+local\\.csi\\.test\\s+${DEFAULT_SNAPSHOT_CLASS}\\s+snap\\s+default\\s`,
      ),
    );
  });

  test("a claim from the snapshot holds the snapshot's bytes, not the later changes", async () => {
    await kubectl(
      ["apply", "-f", "-"],
      claim("restored", "snap") + "---" + pod("reader", "restored"),
    );
    await running("reader");
    assert.equal(await inPod("reader", HASHES), expected);
    assert.equal(await inPod("reader", "test -e /data/new.txt && echo yes || echo no"), "no\n");
    assert.equal(await inPod("writer", "cat /data/a.txt"), "two\n");
  });

  test("a claim from a snapshot stays Pending until the snapshot is ready, then binds", async () => {
    await kubectl(["apply", "-f", "-"], claim("early", "later"));
    await delay(1_500);
    const pending = cluster.api.get(claimsRef, "default", "early") as
      { status?: { phase?: string } } | undefined;
    assert.equal(pending?.status?.phase, "Pending");
    await kubectl(["apply", "-f", "-"], snapshot("later", "source"));
    await kubectl(["wait", "--for=jsonpath={.status.phase}=Bound", "pvc/early", "--timeout=120s"]);
  });

  test("a snapshot of a missing claim reports the error in status.error", async () => {
    await kubectl(["apply", "-f", "-"], snapshot("orphan", "no-such-claim"));
    const message = await eventually("the error", () =>
      Promise.resolve(getSnapshot("orphan")?.status?.error?.message),
    );
    assert.match(message, /no-such-claim.*not found/);
    assert.notEqual(getSnapshot("orphan")?.status?.readyToUse, true);
  });

  test("deleting the VolumeSnapshot deletes its content and the snapshot data", async () => {
    const vs = getSnapshot("snap");
    const contentName = vs?.status?.boundVolumeSnapshotContentName ?? "";
    const handle = getContent(contentName)?.status?.snapshotHandle ?? "";
    const dataDir = join(cluster.dataDir, "snapshots", handle);
    assert.equal(existsSync(dataDir), true);
    await kubectl(["delete", "volumesnapshot", "snap", "--timeout=120s"]);
    await eventually("the content gone", () =>
      Promise.resolve(getContent(contentName) === undefined ? true : undefined),
    );
    await eventually("the data gone", () =>
      Promise.resolve(existsSync(dataDir) ? undefined : true),
    );
    assert.equal(await inPod("reader", HASHES), expected);
  });
});
