import { test } from "node:test";
import assert from "node:assert/strict";
import {
  existsSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "../../helpers/temp-dir.js";
import type { PersistentVolume, PersistentVolumeClaim, Pod } from "../controllers/kube-types.js";
import { KubeletPaths } from "./kubelet-paths.js";
import { PvDataStore } from "./pv-data-store.js";
import { VolumeNotReadyError } from "./volume-payloads.js";
import {
  containerMounts,
  findPvMounts,
  serviceAccountMountPath,
  setUpPodVolumes,
  tearDownPodVolumes,
  type VolumeHost,
} from "./volume-mounter.js";

const b64 = (text: string): string => Buffer.from(text).toString("base64");

function pod(volumes: Pod["spec"]["volumes"], extra: Partial<Pod["spec"]> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns", uid: "uid-1", labels: { app: "x" } },
    spec: {
      nodeName: "n1",
      containers: [
        {
          name: "c",
          volumeMounts: (volumes ?? []).map((v) => ({ name: v.name, mountPath: `/mnt/${v.name}` })),
        },
      ],
      volumes,
      ...extra,
    },
  };
}

async function host(
  t: { after: (fn: () => Promise<void>) => void },
  claims: PersistentVolumeClaim[] = [],
  pvs: PersistentVolume[] = [],
): Promise<VolumeHost & { dataDir: string }> {
  const dir = await makeTempDir();
  t.after(() => dir.remove());
  return {
    dataDir: dir.path,
    paths: new KubeletPaths(dir.path, "n1"),
    pvStore: new PvDataStore(dir.path),
    sources: {
      configMap: (_ns, name) =>
        name === "settings"
          ? {
              data: { "app.conf": "mode=fast", other: "o" },
              binaryData: { "blob.bin": b64("\u0001\u0002") },
            }
          : undefined,
      secret: (_ns, name) => (name === "creds" ? { data: { password: b64("s3cret") } } : undefined),
      serviceAccountToken: (ns, sa) => `token-for-${ns}-${sa}`,
      allocatable: { cpu: "2" },
    },
    claim: (_ns, name) => claims.find((c) => c.metadata.name === name),
    persistentVolume: (name) => pvs.find((p) => p.metadata.name === name),
    serviceAccount: () => undefined,
    caCert: () => "CA PEM",
    now: () => new Date("2026-01-02T03:04:05.678Z"),
  };
}

test("secret and configMap volumes are laid out like the kubelet's atomic writer", async (t) => {
  const h = await host(t);
  const volumes = setUpPodVolumes(
    pod([
      { name: "creds", secret: { secretName: "creds" } },
      {
        name: "conf",
        configMap: {
          name: "settings",
          items: [{ key: "app.conf", path: "etc/app.conf", mode: 0o600 }],
        },
      },
      { name: "all", configMap: { name: "settings" } },
    ]),
    h,
  );
  const secretDir = h.paths.volumeDir("uid-1", "kubernetes.io~secret", "creds");
  assert.equal(volumes.byName.get("creds")?.path, secretDir);
  assert.equal(readFileSync(join(secretDir, "password"), "utf8"), "s3cret");
  assert.equal(readlinkSync(join(secretDir, "password")), "..data/password");
  assert.match(readlinkSync(join(secretDir, "..data")), /^\.\.2026_01_02_03_04_05\.678\d{6}$/);
  const confDir = h.paths.volumeDir("uid-1", "kubernetes.io~configmap", "conf");
  assert.equal(readFileSync(join(confDir, "etc/app.conf"), "utf8"), "mode=fast");
  assert.equal(statSync(join(confDir, "etc/app.conf")).mode & 0o777, 0o600);
  assert.equal(existsSync(join(confDir, "other")), false);
  const allDir = h.paths.volumeDir("uid-1", "kubernetes.io~configmap", "all");
  assert.deepEqual([...readFileSync(join(allDir, "blob.bin"))], [1, 2]);
});

test("downwardAPI and projected volumes resolve fields, keys and the service-account token", async (t) => {
  const h = await host(t);
  setUpPodVolumes(
    pod([
      {
        name: "info",
        downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] },
      },
      {
        name: "api",
        projected: {
          sources: [
            { serviceAccountToken: { path: "token" } },
            { configMap: { name: "settings", items: [{ key: "other", path: "other.txt" }] } },
            {
              downwardAPI: {
                items: [{ path: "namespace", fieldRef: { fieldPath: "metadata.namespace" } }],
              },
            },
          ],
        },
      },
    ]),
    h,
  );
  assert.equal(
    readFileSync(
      join(h.paths.volumeDir("uid-1", "kubernetes.io~downward-api", "info"), "labels"),
      "utf8",
    ),
    'app="x"',
  );
  const projected = h.paths.volumeDir("uid-1", "kubernetes.io~projected", "api");
  assert.equal(readFileSync(join(projected, "token"), "utf8"), "token-for-ns-default");
  assert.equal(readFileSync(join(projected, "other.txt"), "utf8"), "o");
  assert.equal(readFileSync(join(projected, "namespace"), "utf8"), "ns");
});

test("a missing required source keeps the pod waiting; an optional one gives an empty volume", async (t) => {
  const h = await host(t);
  assert.throws(
    () => setUpPodVolumes(pod([{ name: "s", secret: { secretName: "nope" } }]), h),
    (e: unknown) => e instanceof VolumeNotReadyError && e.message === 'secret "nope" not found',
  );
  const volumes = setUpPodVolumes(
    pod([{ name: "s", secret: { secretName: "nope", optional: true } }]),
    h,
  );
  assert.ok(existsSync(volumes.byName.get("s")?.path ?? "/nonexistent"));
});

test("emptyDir and hostPath volumes map to the pod dir and the node's root", async (t) => {
  const h = await host(t);
  const volumes = setUpPodVolumes(
    pod([
      { name: "scratch", emptyDir: {} },
      { name: "pods", hostPath: { path: "/var/lib/kubelet/pods" } },
    ]),
    h,
  );
  assert.equal(
    volumes.byName.get("scratch")?.path,
    h.paths.volumeDir("uid-1", "kubernetes.io~empty-dir", "scratch"),
  );
  assert.equal(
    volumes.byName.get("pods")?.path,
    join(h.dataDir, "nodes/n1/root/var/lib/kubelet/pods"),
  );
  const mounts = containerMounts(pod([])["spec"].containers[0]!, volumes);
  assert.equal(mounts.length, 1);
  assert.equal(mounts[0]?.target, serviceAccountMountPath);
  assert.equal(readFileSync(join(mounts[0].source, "ca.crt"), "utf8"), "CA PEM");
  assert.equal(readFileSync(join(mounts[0].source, "namespace"), "utf8"), "ns");
});

test("a PVC volume waits for binding, then holds the PV's data until teardown", async (t) => {
  const claim: PersistentVolumeClaim = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "data", namespace: "ns" },
    spec: {},
    status: { phase: "Pending" },
  };
  const pv: PersistentVolume = {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: "pvc-1" },
    spec: { csi: { driver: "d", volumeHandle: "h" } },
  };
  const h = await host(t, [claim], [pv]);
  const spec = pod([{ name: "data", persistentVolumeClaim: { claimName: "data" } }], {
    automountServiceAccountToken: false,
  });
  assert.throws(() => setUpPodVolumes(spec, h), /is not bound/);
  claim.spec.volumeName = "pvc-1";
  claim.status = { phase: "Bound" };
  h.pvStore.create("pvc-1");
  writeFileSync(join(h.pvStore.storeDir("pvc-1"), "kept.txt"), "yes");
  const volumes = setUpPodVolumes(spec, h);
  const target = h.paths.csiMountDir("uid-1", "pvc-1");
  assert.equal(readFileSync(join(target, "kept.txt"), "utf8"), "yes");
  const volData = JSON.parse(readFileSync(join(target, "../vol_data.json"), "utf8")) as {
    specVolID: string;
  };
  assert.equal(volData.specVolID, "pvc-1");
  assert.deepEqual(findPvMounts(h.paths, "uid-1"), [{ pv: "pvc-1", target }]);
  assert.deepEqual(containerMounts(spec.spec.containers[0]!, volumes), [
    { source: target, target: "/mnt/data", readOnly: false },
  ]);
  tearDownPodVolumes("uid-1", volumes, h);
  assert.equal(existsSync(h.paths.podDir("uid-1")), false);
  assert.equal(readFileSync(join(h.pvStore.storeDir("pvc-1"), "kept.txt"), "utf8"), "yes");
  assert.equal(lstatSync(h.pvStore.storeDir("pvc-1")).isDirectory(), true);
});
