// The pod that hosts a data mover's volume on this node: pinned to the node by `spec.nodeName`,
// it mounts the claim and waits (the image's restore helper, which idles until a done marker
// appears), so the kubelet sets the volume up under the pods directory where the node-agent
// reads or writes it. Velero's hosting pod runs the data path itself; here the node-agent does.
import { VERSION } from "../../lib/build-info.js";
import { formatDuration } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { VeleroError } from "../../lib/errors.js";
import { getOrUndefined } from "../../lib/kube/index.js";
import type { DataMoverClients, PodObject } from "./cluster-objects.js";

/** The node-agent DaemonSet whose image the hosting pod reuses. */
export const NODE_AGENT_DAEMON_SET = "node-agent";
/** This release's image, when the DaemonSet cannot be read. */
export const DEFAULT_IMAGE = `ghcr.io/kubectl-velero/velero:v${VERSION}`;
/** Where the hosting pod mounts the volume (the restore helper's directory of volumes). */
export const HOSTING_MOUNT_ROOT = "/restores";

/** A step of exposing or hosting a volume failed (not retryable). */
export class DataMoverExposeError extends VeleroError {
  constructor(message: string) {
    super("DataMoverExpose", message);
  }
}

/** What {@link buildHostingPod} builds. */
export interface HostingPodSpec {
  readonly name: string;
  readonly namespace: string;
  readonly nodeName: string;
  readonly claimName: string;
  /** The pod's volume name (the owner's UID, as Velero names it). */
  readonly volumeName: string;
  readonly image: string;
  readonly labels: Record<string, string>;
}

/** The hosting pod's manifest; see the file comment. */
export function buildHostingPod(spec: HostingPodSpec): PodObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      nodeName: spec.nodeName,
      restartPolicy: "Never",
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: spec.name,
          image: spec.image,
          command: ["/velero-restore-helper", spec.volumeName],
          volumeMounts: [
            { name: spec.volumeName, mountPath: `${HOSTING_MOUNT_ROOT}/${spec.volumeName}` },
          ],
        },
      ],
      volumes: [{ name: spec.volumeName, persistentVolumeClaim: { claimName: spec.claimName } }],
    },
  };
}

/** The node-agent DaemonSet's image in `namespace`, else {@link DEFAULT_IMAGE}. */
export async function nodeAgentImage(
  clients: DataMoverClients,
  namespace: string,
): Promise<string> {
  const ds = await getOrUndefined(() => clients.daemonSets.get(NODE_AGENT_DAEMON_SET, namespace));
  const containers = ds?.spec?.template?.spec?.containers ?? [];
  const agent = containers.find((c) => c.name === NODE_AGENT_DAEMON_SET) ?? containers[0];
  return agent?.image ?? DEFAULT_IMAGE;
}

/** True when the pod runs; throws when it is gone or ended. */
function isRunning(pod: PodObject | undefined, where: string): pod is PodObject {
  if (pod === undefined) throw new DataMoverExposeError(`hosting pod ${where} is gone`);
  const phase = pod.status?.phase ?? "";
  if (phase === "Succeeded" || phase === "Failed") {
    throw new DataMoverExposeError(`hosting pod ${where} ended (${phase})`);
  }
  return phase === "Running";
}

/** Options of {@link waitForRunningPod}. */
export interface PodWaitOptions {
  readonly clients: DataMoverClients;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly pollMs?: number;
}

/**
 * Polls until the pod is Running; throws {@link DataMoverExposeError} when it ends (Succeeded,
 * Failed), disappears, or is not running after `timeoutMs`.
 */
export async function waitForRunningPod(
  options: PodWaitOptions,
  namespace: string,
  name: string,
): Promise<PodObject> {
  const deadline = options.clock.now().getTime() + options.timeoutMs;
  for (;;) {
    const pod = await getOrUndefined(() => options.clients.pods.get(name, namespace));
    if (isRunning(pod, `${namespace}/${name}`)) return pod;
    if (options.clock.now().getTime() >= deadline) {
      throw new DataMoverExposeError(
        `timed out after ${formatDuration(options.timeoutMs)} waiting for hosting pod ${namespace}/${name} to run`,
      );
    }
    await options.clock.sleep(options.pollMs ?? 500, options.signal);
  }
}
