import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { systemClock } from "../../../lib/clock.js";
import { silentLogger } from "../../../lib/log.js";
import { makeTempDir } from "../../helpers/temp-dir.js";
import { startTestCluster } from "../../helpers/local-cluster.js";
import type { KubeObject } from "../cluster-api.js";
import type { ControllerContext } from "../controllers/controller-loop.js";
import type { PersistentVolumeClaim } from "../controllers/kube-types.js";
import { CacheSet } from "../controllers/object-cache.js";
import { startPersistentVolumeController } from "../controllers/persistent-volume-controller.js";
import { resources } from "../controllers/resources.js";
import { PvDataStore } from "../kubelet/pv-data-store.js";
import { startSnapshotController } from "./snapshot-controller.js";
import { SnapshotStore } from "./snapshot-store.js";
import {
  SNAPSHOT_API_VERSION,
  snapshotFinalizers,
  snapshotResources,
  type VolumeSnapshot,
  type VolumeSnapshotContent,
} from "./snapshot-types.js";

const cluster = await startTestCluster({ name: "snapctl", nodes: 0 });
const dir = await makeTempDir("snapctl-");
const caches = new CacheSet(cluster.api);
const context: ControllerContext = {
  api: cluster.api,
  caches,
  logger: silentLogger,
  clock: systemClock,
};
const pvStore = new PvDataStore(dir.path);
const store = new SnapshotStore(dir.path);
const running = [
  startPersistentVolumeController(context, pvStore),
  startSnapshotController(context, pvStore),
];
after(async () => {
  await Promise.all(running.map((c) => c.stop()));
  caches.stop();
  await dir.remove();
});

const api = cluster.api;
const ns = "default";

async function eventually<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

function claimObject(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: ns },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
  };
}

const getClaim = (name: string): PersistentVolumeClaim | undefined =>
  api.get(resources.persistentvolumeclaims, ns, name) as PersistentVolumeClaim | undefined;
const getSnapshot = (name: string): VolumeSnapshot | undefined =>
  api.get(snapshotResources.volumesnapshots, ns, name) as VolumeSnapshot | undefined;
const getContent = (name: string): VolumeSnapshotContent | undefined =>
  api.get(snapshotResources.volumesnapshotcontents, undefined, name) as
    VolumeSnapshotContent | undefined;

/** A bound claim whose volume holds `files`; returns the volume's name. */
async function boundClaim(name: string, files: Record<string, string>): Promise<string> {
  api.create(resources.persistentvolumeclaims, claimObject(name));
  const pv = await eventually(`claim ${name} bound`, () => {
    const claim = getClaim(name);
    return claim?.status?.phase === "Bound" ? claim.spec.volumeName : undefined;
  });
  for (const [file, text] of Object.entries(files))
    writeFileSync(join(pvStore.location(pv), file), text);
  return pv;
}

function createSnapshot(
  name: string,
  source: VolumeSnapshot["spec"]["source"],
  className?: string,
): void {
  api.create(snapshotResources.volumesnapshots, {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: "VolumeSnapshot",
    metadata: { name, namespace: ns },
    spec: { source, ...(className === undefined ? {} : { volumeSnapshotClassName: className }) },
  });
}

const ready = (name: string): Promise<VolumeSnapshot> =>
  eventually(`snapshot ${name} ready`, () => {
    const vs = getSnapshot(name);
    return vs?.status?.readyToUse === true ? vs : undefined;
  });

const errorOf = (name: string, pattern: RegExp): Promise<string> =>
  eventually(`snapshot ${name} error matching ${String(pattern)}`, () => {
    const message = getSnapshot(name)?.status?.error?.message;
    return message !== undefined && pattern.test(message) ? message : undefined;
  });

function handleOf(vs: VolumeSnapshot): string {
  return getContent(vs.status?.boundVolumeSnapshotContentName ?? "")?.status?.snapshotHandle ?? "";
}

function createClass(
  name: string,
  deletionPolicy: "Delete" | "Retain",
  driver = "local.csi.test",
): void {
  api.create(snapshotResources.volumesnapshotclasses, {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: "VolumeSnapshotClass",
    metadata: { name },
    driver,
    deletionPolicy,
  });
}

function assertReadyStatus(vs: VolumeSnapshot): void {
  assert.equal(vs.status?.restoreSize, "1Gi");
  assert.ok(Math.abs(Date.parse(vs.status.creationTime ?? "") - Date.now()) < 60_000);
  assert.equal(vs.status.error, undefined);
}

describe("the test cluster's snapshot controller and local.csi.test driver", () => {
  it("copies the volume's files at snapshot time and reports the content's handle, size and time", async () => {
    const pv = await boundClaim("photo", { "a.txt": "first" });
    createSnapshot("photo-1", { persistentVolumeClaimName: "photo" });
    const vs = await ready("photo-1");
    writeFileSync(join(pvStore.location(pv), "a.txt"), "second");
    const content = getContent(vs.status?.boundVolumeSnapshotContentName ?? "");
    assert.equal(content?.metadata.name, `snapcontent-${vs.metadata.uid ?? ""}`);
    assert.equal(
      content.spec.source.volumeHandle,
      `local.csi.test-${getClaim("photo")?.metadata.uid ?? ""}`,
    );
    assert.deepEqual(content.metadata.finalizers, [snapshotFinalizers.content]);
    const handle = content.status?.snapshotHandle ?? "";
    assert.equal(readFileSync(join(store.dataDir(handle), "a.txt"), "utf8"), "first");
    assertReadyStatus(vs);
  });

  it("reports a missing claim in status.error and takes the snapshot once the claim is bound", async () => {
    createSnapshot("late-1", { persistentVolumeClaimName: "late" });
    await errorOf("late-1", /PersistentVolumeClaim "late" not found/);
    await boundClaim("late", {});
    const vs = await ready("late-1");
    assert.equal(vs.status?.error, undefined);
    // The controller may copy the volume as soon as the claim binds, before a test could write
    // into it, so only the snapshot's (empty) data directory is checked here.
    assert.deepEqual(readdirSync(store.dataDir(handleOf(vs))), []);
  });

  it("reports an unbound claim and an unknown or foreign class in status.error", async () => {
    api.create(
      resources.persistentvolumeclaims,
      claimObject("nowhere", { storageClassName: "none" }),
    );
    createSnapshot("unbound-1", { persistentVolumeClaimName: "nowhere" });
    await errorOf("unbound-1", /"nowhere" is not bound to a volume yet/);
    await boundClaim("classy", {});
    createSnapshot("classy-1", { persistentVolumeClaimName: "classy" }, "no-such-class");
    await errorOf("classy-1", /VolumeSnapshotClass "no-such-class" not found/);
    createClass("foreign", "Delete", "other.csi");
    createSnapshot("classy-2", { persistentVolumeClaimName: "classy" }, "foreign");
    await errorOf("classy-2", /is for driver other\.csi/);
    assert.equal(getSnapshot("classy-2")?.status?.readyToUse, false);
  });

  it("keeps a Retain content and its data when the snapshot goes, and the data when the content goes", async () => {
    await boundClaim("kept", { "k.txt": "keep me" });
    createClass("retainer", "Retain");
    createSnapshot("kept-1", { persistentVolumeClaimName: "kept" }, "retainer");
    const vs = await ready("kept-1");
    assert.deepEqual(vs.metadata.finalizers, [snapshotFinalizers.asSource]);
    const contentName = vs.status?.boundVolumeSnapshotContentName ?? "";
    const handle = handleOf(vs);
    api.delete(snapshotResources.volumesnapshots, ns, "kept-1");
    await eventually("snapshot gone", () =>
      getSnapshot("kept-1") === undefined ? true : undefined,
    );
    await delay(200);
    assert.equal(getContent(contentName)?.spec.deletionPolicy, "Retain");
    api.delete(snapshotResources.volumesnapshotcontents, undefined, contentName);
    await eventually("content gone", () =>
      getContent(contentName) === undefined ? true : undefined,
    );
    assert.equal(readFileSync(join(store.dataDir(handle), "k.txt"), "utf8"), "keep me");
  });

  it("keeps the content and data when its policy is switched to Retain right before the snapshot is deleted, as Velero's backup does", async () => {
    await boundClaim("velero", { "v.txt": "backed up" });
    createSnapshot("velero-1", { persistentVolumeClaimName: "velero" });
    const vs = await ready("velero-1");
    const contentName = vs.status?.boundVolumeSnapshotContentName ?? "";
    const handle = handleOf(vs);
    api.patch(
      snapshotResources.volumesnapshotcontents,
      { name: contentName },
      {
        type: "merge",
        body: { spec: { deletionPolicy: "Retain" } },
      },
    );
    api.delete(snapshotResources.volumesnapshots, ns, "velero-1");
    await eventually("snapshot gone", () =>
      getSnapshot("velero-1") === undefined ? true : undefined,
    );
    await delay(300);
    assert.equal(getContent(contentName)?.metadata.deletionTimestamp, undefined);
    assert.equal(readFileSync(join(store.dataDir(handle), "v.txt"), "utf8"), "backed up");
  });

  it("binds a pre-provisioned content by snapshotHandle and makes its snapshot ready", async () => {
    await boundClaim("origin", { "o.txt": "original" });
    createSnapshot("origin-1", { persistentVolumeClaimName: "origin" });
    const handle = handleOf(await ready("origin-1"));
    api.create(snapshotResources.volumesnapshotcontents, {
      apiVersion: SNAPSHOT_API_VERSION,
      kind: "VolumeSnapshotContent",
      metadata: { name: "imported" },
      spec: {
        deletionPolicy: "Retain",
        driver: "local.csi.test",
        source: { snapshotHandle: handle },
        volumeSnapshotRef: { name: "imported-1", namespace: ns },
      },
    });
    createSnapshot("imported-1", { volumeSnapshotContentName: "imported" });
    const vs = await ready("imported-1");
    assert.equal(vs.status?.boundVolumeSnapshotContentName, "imported");
    assert.equal(vs.status.restoreSize, "1Gi");
    assert.equal(getContent("imported")?.spec.volumeSnapshotRef.uid, vs.metadata.uid);
    assert.equal(getContent("imported")?.status?.snapshotHandle, handle);
  });

  it("reports a pre-provisioned handle the driver does not have, and a missing content", async () => {
    api.create(snapshotResources.volumesnapshotcontents, {
      apiVersion: SNAPSHOT_API_VERSION,
      kind: "VolumeSnapshotContent",
      metadata: { name: "phantom" },
      spec: {
        deletionPolicy: "Delete",
        driver: "local.csi.test",
        source: { snapshotHandle: "snapshot-nothing-here" },
        volumeSnapshotRef: { name: "phantom-1", namespace: ns },
      },
    });
    createSnapshot("phantom-1", { volumeSnapshotContentName: "phantom" });
    await errorOf("phantom-1", /snapshot-nothing-here not found by driver local\.csi\.test/);
    createSnapshot("absent-1", { volumeSnapshotContentName: "absent" });
    await errorOf("absent-1", /VolumeSnapshotContent "absent" not found/);
  });

  it("removes the data of a Delete content deleted without its snapshot, as Velero's backup deletion does", async () => {
    await boundClaim("doomed", { "d.txt": "bye" });
    createClass("retain-first", "Retain");
    createSnapshot("doomed-1", { persistentVolumeClaimName: "doomed" }, "retain-first");
    const handle = handleOf(await ready("doomed-1"));
    api.delete(snapshotResources.volumesnapshots, ns, "doomed-1");
    api.create(snapshotResources.volumesnapshotcontents, {
      apiVersion: SNAPSHOT_API_VERSION,
      kind: "VolumeSnapshotContent",
      metadata: { name: "doomed-delete" },
      spec: {
        deletionPolicy: "Delete",
        driver: "local.csi.test",
        source: { snapshotHandle: handle },
        volumeSnapshotRef: { name: "gone", namespace: ns },
      },
    });
    api.delete(snapshotResources.volumesnapshotcontents, undefined, "doomed-delete");
    await eventually("the data removed", () =>
      store.get(handle) === undefined ? true : undefined,
    );
    assert.equal(existsSync(store.dataDir(handle)), false);
  });

  it("provisions a claim from a snapshot with the snapshot's files, and keeps the snapshot while a claim waits for it", async () => {
    await boundClaim("base", { "f.txt": "from the snapshot" });
    createSnapshot("base-1", { persistentVolumeClaimName: "base" });
    await ready("base-1");
    const source = { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "base-1" };
    api.create(resources.persistentvolumeclaims, claimObject("copy", { dataSourceRef: source }));
    const pv = await eventually("copy bound", () => {
      const claim = getClaim("copy");
      return claim?.status?.phase === "Bound" ? claim.spec.volumeName : undefined;
    });
    assert.equal(readFileSync(join(pvStore.location(pv), "f.txt"), "utf8"), "from the snapshot");

    const small = { resources: { requests: { storage: "10Mi" } }, dataSource: source };
    api.create(resources.persistentvolumeclaims, claimObject("too-small", small));
    await delay(300);
    assert.equal(getClaim("too-small")?.status?.phase, "Pending");
    api.delete(snapshotResources.volumesnapshots, ns, "base-1");
    await delay(300);
    assert.deepEqual(
      getSnapshot("base-1")?.metadata.finalizers?.includes(snapshotFinalizers.asSource),
      true,
    );
    api.delete(resources.persistentvolumeclaims, ns, "too-small");
    await eventually("base-1 gone", () => (getSnapshot("base-1") === undefined ? true : undefined));
  });
});
