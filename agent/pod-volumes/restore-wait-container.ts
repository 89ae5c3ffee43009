// Velero's `restore-wait` init container: injected first into a restored pod whose volumes are
// filled by PodVolumeRestores, it runs `/velero-restore-helper <restore UID>` with those volumes
// under /restores and holds the pod's other containers back until each volume's done marker
// exists.
import type { KubeObject } from "../../lib/kube/index.js";

/** The init container's name (the node-agent waits for it to run before restoring). */
export const RESTORE_WAIT_CONTAINER = "restore-wait";
/** Where the helper sees each restored volume: `/restores/<volume>`. */
export const RESTORES_MOUNT_ROOT = "/restores";

interface Container {
  readonly name: string;
  readonly [field: string]: unknown;
}

interface PodShape extends KubeObject {
  spec?: { initContainers?: Container[]; volumes?: { name: string }[]; [field: string]: unknown };
}

/** The init container for `volumes` of a restore. */
export function restoreWaitContainer(
  image: string,
  restoreUid: string,
  volumes: readonly string[],
): Container {
  return {
    name: RESTORE_WAIT_CONTAINER,
    image,
    imagePullPolicy: "IfNotPresent",
    command: ["/velero-restore-helper"],
    args: [restoreUid],
    env: [
      { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
      { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
    ],
    resources: {
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "100m", memory: "128Mi" },
    },
    volumeMounts: volumes.map((name) => ({ name, mountPath: `${RESTORES_MOUNT_ROOT}/${name}` })),
  };
}

/** The volumes of `pod` that exist in its spec, among `wanted`, in the pod's order. */
export function podVolumesAmong(pod: KubeObject, wanted: readonly string[]): string[] {
  const volumes = (pod as PodShape).spec?.volumes ?? [];
  return volumes.map((v) => v.name).filter((name) => wanted.includes(name));
}

/**
 * `pod` with the init container first among its init containers (an existing `restore-wait`
 * is replaced). Returns `pod` itself when no volume is restored.
 */
export function withRestoreWait(
  pod: KubeObject,
  image: string,
  restoreUid: string,
  volumes: readonly string[],
): KubeObject {
  if (volumes.length === 0) return pod;
  const shaped = pod as PodShape;
  const others = (shaped.spec?.initContainers ?? []).filter(
    (c) => c.name !== RESTORE_WAIT_CONTAINER,
  );
  return {
    ...shaped,
    spec: {
      ...shaped.spec,
      initContainers: [restoreWaitContainer(image, restoreUid, volumes), ...others],
    },
  };
}
