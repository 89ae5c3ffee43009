// Where one simulated node keeps things on disk, laid out as a real node's root: the kubelet's
// pod directories and volume plugin directories, the container log files, and hostPath
// resolution onto the node's fake root.
import { join, posix } from "node:path";

/** Volume plugin directory names as the real kubelet spells them. */
export const volumePlugins = {
  emptyDir: "kubernetes.io~empty-dir",
  secret: "kubernetes.io~secret",
  configMap: "kubernetes.io~configmap",
  projected: "kubernetes.io~projected",
  downwardAPI: "kubernetes.io~downward-api",
  csi: "kubernetes.io~csi",
} as const;

/** The directory layout of one node under `<dataDir>/nodes/<node>/root`. */
export class KubeletPaths {
  /** The node's fake `/`. */
  readonly root: string;

  constructor(dataDir: string, nodeName: string) {
    this.root = join(dataDir, "nodes", nodeName, "root");
  }

  /** `/var/lib/kubelet/pods` on this node: one directory per pod uid. */
  get podsDir(): string {
    return this.hostPath("/var/lib/kubelet/pods");
  }

  /** `/var/log/pods` on this node. */
  get podLogsDir(): string {
    return this.hostPath("/var/log/pods");
  }

  /** `/var/lib/kubelet/pods/<uid>`. */
  podDir(uid: string): string {
    return join(this.podsDir, uid);
  }

  /** `/var/lib/kubelet/pods/<uid>/volumes/<plugin>/<volume>`. */
  volumeDir(uid: string, plugin: string, volume: string): string {
    return join(this.podDir(uid), "volumes", plugin, volume);
  }

  /** `/var/lib/kubelet/pods/<uid>/volumes/kubernetes.io~csi/<pv>/mount`: a CSI PV's mount point. */
  csiMountDir(uid: string, pvName: string): string {
    return join(this.volumeDir(uid, volumePlugins.csi, pvName), "mount");
  }

  /** Where the kubelet keeps the service-account files it mounts when the pod has no projected token volume. */
  serviceAccountDir(uid: string): string {
    return join(this.podDir(uid), "service-account");
  }

  /** `/var/log/pods/<namespace>_<pod>_<uid>/<container>`: one `<restartCount>.log` per run. */
  containerLogDir(
    pod: { namespace: string; name: string; uid: string },
    container: string,
  ): string {
    return join(this.podLogsDir, `${pod.namespace}_${pod.name}_${pod.uid}`, container);
  }

  /** `/var/log/pods/<namespace>_<pod>_<uid>`. */
  podLogDir(pod: { namespace: string; name: string; uid: string }): string {
    return join(this.podLogsDir, `${pod.namespace}_${pod.name}_${pod.uid}`);
  }

  /**
   * The host directory standing for absolute path `path` on this node (hostPath volumes).
   * `..` cannot climb out of the node's root.
   */
  hostPath(path: string): string {
    return join(this.root, posix.resolve("/", path));
  }
}

/** `<dataDir>/volumes/<pv>`: where a PV's contents live while no pod has it mounted. */
export function pvStoreDir(dataDir: string, pvName: string): string {
  return join(dataDir, "volumes", pvName);
}
