// Sets up a pod's volumes on its node as the kubelet's volume manager does: emptyDir
// directories, secret/configMap/downwardAPI/projected payloads, hostPath on the node's fake
// root, PVC-backed volumes under their plugin directory with the PV's data moved in, and the
// service-account token files; and tears them down again when the pod goes.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import type { KubeObject } from "../cluster-api.js";
import type {
  Container,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  Volume,
} from "../controllers/kube-types.js";
import { writeAtomicPayload } from "./atomic-writer.js";
import { type KubeletPaths, volumePlugins } from "./kubelet-paths.js";
import type { PvDataStore } from "./pv-data-store.js";
import { type PayloadSources, VolumeNotReadyError, volumePayload } from "./volume-payloads.js";

/** Where in a container the service-account files appear. */
export const serviceAccountMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

/** What setting up volumes reads and writes. */
export interface VolumeHost {
  readonly paths: KubeletPaths;
  readonly pvStore: PvDataStore;
  readonly sources: PayloadSources;
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  persistentVolume(name: string): PersistentVolume | undefined;
  serviceAccount(namespace: string, name: string): KubeObject | undefined;
  /** PEM of the cluster CA, for the service-account `ca.crt`. */
  caCert(): string;
  now(): Date;
}

/** A volume as a container sees it: its host directory and whether it is always read-only. */
export interface HostVolume {
  readonly path: string;
  readonly readOnly: boolean;
}

/** The result of {@link setUpPodVolumes}. */
export interface PodVolumes {
  readonly byName: ReadonlyMap<string, HostVolume>;
  readonly pvMounts: readonly { readonly pv: string; readonly target: string }[];
  /** Set when the kubelet mounts the service-account files itself. */
  readonly serviceAccountDir: string | undefined;
}

/** A bind mount of a container: host `source` at `target` inside. */
export interface MountSpec {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

const pluginDirs: Record<string, string> = {
  local: "kubernetes.io~local-volume",
  nfs: "kubernetes.io~nfs",
};

/** The PVC a volume refers to (generic ephemeral volumes use `<pod>-<volume>`). */
export function claimNameOf(pod: Pod, volume: Volume): string | undefined {
  if (volume.persistentVolumeClaim !== undefined) return volume.persistentVolumeClaim.claimName;
  if (volume["ephemeral"] !== undefined) return `${pod.metadata.name ?? ""}-${volume.name}`;
  return undefined;
}

function boundVolume(pod: Pod, claimName: string, host: VolumeHost): PersistentVolume {
  const namespace = pod.metadata.namespace ?? "default";
  const claim = host.claim(namespace, claimName);
  if (claim === undefined)
    throw new VolumeNotReadyError(`persistentvolumeclaim "${claimName}" not found`);
  const pvName = claim.spec.volumeName ?? "";
  if (claim.status?.phase !== "Bound" || pvName === "") {
    throw new VolumeNotReadyError(`persistentvolumeclaim "${claimName}" is not bound`);
  }
  const pv = host.persistentVolume(pvName);
  if (pv === undefined) throw new VolumeNotReadyError(`persistentvolume "${pvName}" not found`);
  return pv;
}

function pvTarget(uid: string, pv: PersistentVolume, host: VolumeHost): string {
  const name = pv.metadata.name ?? "";
  if (pv.spec.csi !== undefined) {
    const dir = dirname(host.paths.csiMountDir(uid, name));
    mkdirSync(dir, { recursive: true });
    const volData = {
      driverName: pv.spec.csi.driver,
      volumeHandle: pv.spec.csi.volumeHandle,
      specVolID: name,
    };
    writeFileSync(join(dir, "vol_data.json"), JSON.stringify(volData));
    return host.paths.csiMountDir(uid, name);
  }
  const source = Object.keys(pv.spec).find((key) => key in pluginDirs) ?? "local";
  return host.paths.volumeDir(uid, pluginDirs[source] ?? "kubernetes.io~local-volume", name);
}

function hostPathVolume(path: string, type: string | undefined, host: VolumeHost): string {
  const resolved = host.paths.hostPath(path);
  if (type === "FileOrCreate") {
    mkdirSync(dirname(resolved), { recursive: true });
    writeFileSync(resolved, "", { flag: "a" });
  } else if (
    type !== "File" &&
    type !== "Socket" &&
    type !== "CharDevice" &&
    type !== "BlockDevice"
  ) {
    mkdirSync(resolved, { recursive: true });
  }
  return resolved;
}

function otherPluginName(volume: Volume): string {
  const type = Object.keys(volume).find((key) => key !== "name") ?? "empty-dir";
  return `kubernetes.io~${type.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

interface VolumeSetUp {
  readonly pod: Pod;
  readonly uid: string;
  readonly host: VolumeHost;
  readonly pvMounts: { pv: string; target: string }[];
}

function setUpVolume(volume: Volume, setUp: VolumeSetUp): HostVolume {
  const { pod, uid, host } = setUp;
  const claimName = claimNameOf(pod, volume);
  if (claimName !== undefined) {
    const pv = boundVolume(pod, claimName, host);
    if (pv.spec.hostPath !== undefined)
      return {
        path: hostPathVolume(pv.spec.hostPath.path, pv.spec.hostPath.type, host),
        readOnly: false,
      };
    const target = pvTarget(uid, pv, host);
    host.pvStore.mount(pv.metadata.name ?? "", target);
    setUp.pvMounts.push({ pv: pv.metadata.name ?? "", target });
    return { path: target, readOnly: volume.persistentVolumeClaim?.readOnly === true };
  }
  if (volume.hostPath !== undefined)
    return {
      path: hostPathVolume(volume.hostPath.path, volume.hostPath.type, host),
      readOnly: false,
    };
  const payload = volumePayload(pod, volume, host.sources);
  if (payload !== undefined) {
    const plugin =
      volumePlugins[
        (["secret", "configMap", "downwardAPI", "projected"] as const).find(
          (k) => volume[k] !== undefined,
        ) ?? "projected"
      ];
    const dir = host.paths.volumeDir(uid, plugin, volume.name);
    writeAtomicPayload(dir, payload, host.now());
    return { path: dir, readOnly: true };
  }
  const plugin = volume.emptyDir !== undefined ? volumePlugins.emptyDir : otherPluginName(volume);
  const dir = host.paths.volumeDir(uid, plugin, volume.name);
  mkdirSync(dir, { recursive: true });
  return { path: dir, readOnly: false };
}

function checkClaims(pod: Pod, host: VolumeHost): void {
  for (const volume of pod.spec.volumes ?? []) {
    const claimName = claimNameOf(pod, volume);
    if (claimName !== undefined) boundVolume(pod, claimName, host);
  }
}

function shouldAutomount(pod: Pod, host: VolumeHost): boolean {
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  if (
    all.every((c) =>
      (c.volumeMounts ?? []).some((m) => posix.normalize(m.mountPath) === serviceAccountMountPath),
    )
  ) {
    return false;
  }
  if (pod.spec.automountServiceAccountToken !== undefined)
    return pod.spec.automountServiceAccountToken;
  const namespace = pod.metadata.namespace ?? "default";
  const account = host.serviceAccount(namespace, pod.spec.serviceAccountName ?? "default");
  return account?.["automountServiceAccountToken"] !== false;
}

function writeServiceAccount(pod: Pod, host: VolumeHost): string {
  const uid = pod.metadata.uid ?? "";
  const namespace = pod.metadata.namespace ?? "default";
  const dir = host.paths.serviceAccountDir(uid);
  const token = host.sources.serviceAccountToken(
    namespace,
    pod.spec.serviceAccountName ?? "default",
  );
  writeAtomicPayload(
    dir,
    [
      { path: "token", content: token, mode: 0o644 },
      { path: "ca.crt", content: host.caCert(), mode: 0o644 },
      { path: "namespace", content: namespace, mode: 0o644 },
    ],
    host.now(),
  );
  return dir;
}

/**
 * Sets up every volume of `pod` (idempotent; PV data is moved in only once). Throws
 * {@link VolumeNotReadyError} before touching anything when a claim is missing or unbound.
 */
export function setUpPodVolumes(pod: Pod, host: VolumeHost): PodVolumes {
  checkClaims(pod, host);
  const uid = pod.metadata.uid ?? "";
  mkdirSync(join(host.paths.podDir(uid), "volumes"), { recursive: true });
  const setUp: VolumeSetUp = { pod, uid, host, pvMounts: [] };
  const byName = new Map<string, HostVolume>();
  for (const volume of pod.spec.volumes ?? []) byName.set(volume.name, setUpVolume(volume, setUp));
  const serviceAccountDir = shouldAutomount(pod, host) ? writeServiceAccount(pod, host) : undefined;
  return { byName, pvMounts: setUp.pvMounts, serviceAccountDir };
}

/** Gives PV data back to the store (or the next user) and removes the pod's directory. */
export function tearDownPodVolumes(
  uid: string,
  volumes: PodVolumes | undefined,
  host: VolumeHost,
): void {
  for (const { pv, target } of volumes?.pvMounts ?? []) host.pvStore.unmount(pv, target);
  rmSync(host.paths.podDir(uid), { recursive: true, force: true });
}

/** PV mounts found in a pod directory on disk: `[pv, target]` pairs (for start-up recovery). */
export function findPvMounts(paths: KubeletPaths, uid: string): { pv: string; target: string }[] {
  const found: { pv: string; target: string }[] = [];
  const volumesDir = join(paths.podDir(uid), "volumes");
  for (const plugin of safeReaddir(volumesDir)) {
    const isCsi = plugin === volumePlugins.csi;
    if (!isCsi && !Object.values(pluginDirs).includes(plugin)) continue;
    for (const pv of safeReaddir(join(volumesDir, plugin))) {
      found.push({ pv, target: isCsi ? paths.csiMountDir(uid, pv) : join(volumesDir, plugin, pv) });
    }
  }
  return found;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The bind mounts of `container`: its volumeMounts (with subPath) and the service-account files. */
export function containerMounts(container: Container, volumes: PodVolumes): MountSpec[] {
  const mounts: MountSpec[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const volume = volumes.byName.get(mount.name);
    if (volume === undefined) continue;
    let source = volume.path;
    if (mount.subPath !== undefined && mount.subPath !== "") {
      source = join(volume.path, posix.normalize(`/${mount.subPath}`));
      if (!existsSync(source)) mkdirSync(source, { recursive: true });
    }
    mounts.push({
      source,
      target: posix.normalize(mount.mountPath),
      readOnly: volume.readOnly || mount.readOnly === true,
    });
  }
  const hasServiceAccount = mounts.some((m) => m.target === serviceAccountMountPath);
  if (volumes.serviceAccountDir !== undefined && !hasServiceAccount) {
    mounts.push({
      source: volumes.serviceAccountDir,
      target: serviceAccountMountPath,
      readOnly: true,
    });
  }
  return mounts.sort((a, b) => a.target.split("/").length - b.target.split("/").length);
}
