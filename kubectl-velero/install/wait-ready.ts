// Waiting for an installation to be usable: CRDs Established, the agent Deployment Available
// and the node-agent DaemonSet's pods available on every node, each within a time limit.
import type { Clock } from "../../lib/clock.js";
import { VeleroError } from "../../lib/errors.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { ObjectApi } from "./object-api.js";
import { resourceTypeFor } from "./resource-types.js";

/** Something did not become ready in time; the message says what and what was last seen. */
export class InstallTimeoutError extends VeleroError {
  constructor(message: string) {
    super("InstallTimeout", message);
  }
}

/** How long to wait and how often to look. */
export interface WaitTiming {
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly pollMs: number;
  /** How long a workload must stay ready before it counts (catches an early crash loop). */
  readonly stableMs: number;
}

const defaults = { timeoutMs: 60_000, pollMs: 500, stableMs: 0 };

/** One look at the cluster: ready, or a description of what is still missing. */
type Probe = () => Promise<{ ready: true } | { ready: false; detail: string }>;

async function pollUntil(what: string, probe: Probe, timing: WaitTiming): Promise<void> {
  const deadline = timing.clock.now().getTime() + timing.timeoutMs;
  let readySince: number | undefined;
  for (;;) {
    const now = timing.clock.now().getTime();
    const state = await probe();
    if (state.ready) {
      readySince ??= now;
      if (now - readySince >= timing.stableMs) return;
    } else {
      readySince = undefined;
    }
    if (now >= deadline) {
      const detail = state.ready ? "not ready for long enough" : state.detail;
      throw new InstallTimeoutError(
        `timed out after ${timing.timeoutMs / 1000}s waiting for ${what}: ${detail}`,
      );
    }
    await timing.clock.sleep(timing.pollMs);
  }
}

function conditionStatus(object: KubeObject | undefined, type: string): string | undefined {
  const status = object?.["status"] as
    { conditions?: { type?: string; status?: string }[] } | undefined;
  return status?.conditions?.find((c) => c.type === type)?.status;
}

function timing(partial: Partial<WaitTiming> & { clock: Clock }): WaitTiming {
  return { ...defaults, ...partial };
}

/** Waits until every named CRD has condition Established=True (Velero: up to 1 minute). */
export async function waitForCrdsEstablished(
  api: ObjectApi,
  names: readonly string[],
  options: Partial<WaitTiming> & { clock: Clock },
): Promise<void> {
  const type = resourceTypeFor("apiextensions.k8s.io/v1", "CustomResourceDefinition");
  await pollUntil(
    "the CustomResourceDefinitions",
    async () => {
      for (const name of names) {
        const crd = await api.get({ type, name });
        if (conditionStatus(crd, "Established") !== "True") {
          return { ready: false, detail: `${name} is not Established` };
        }
      }
      return { ready: true };
    },
    timing(options),
  );
}

function generationObserved(object: KubeObject): boolean {
  const observed = (object["status"] as { observedGeneration?: number } | undefined)
    ?.observedGeneration;
  return observed !== undefined && observed >= (object.metadata?.generation ?? 0);
}

/** Waits until Deployment `name` is Available for its current generation (Velero: 3 minutes). */
export async function waitForDeploymentAvailable(
  api: ObjectApi,
  ref: { namespace: string; name: string },
  options: Partial<WaitTiming> & { clock: Clock },
): Promise<void> {
  const type = resourceTypeFor("apps/v1", "Deployment");
  await pollUntil(
    `Deployment ${ref.namespace}/${ref.name}`,
    async () => {
      const deployment = await api.get({ type, ...ref });
      if (deployment === undefined) return { ready: false, detail: "it does not exist" };
      if (!generationObserved(deployment))
        return { ready: false, detail: "rollout not observed yet" };
      const available = conditionStatus(deployment, "Available");
      return available === "True"
        ? { ready: true }
        : { ready: false, detail: `Available=${available ?? "unknown"}` };
    },
    timing({ timeoutMs: 180_000, stableMs: 5_000, ...options }),
  );
}

/** Waits until DaemonSet `name` has an available pod on every node it should run on. */
export async function waitForDaemonSetReady(
  api: ObjectApi,
  ref: { namespace: string; name: string },
  options: Partial<WaitTiming> & { clock: Clock },
): Promise<void> {
  const type = resourceTypeFor("apps/v1", "DaemonSet");
  await pollUntil(
    `DaemonSet ${ref.namespace}/${ref.name}`,
    async () => {
      const daemonSet = await api.get({ type, ...ref });
      if (daemonSet === undefined) return { ready: false, detail: "it does not exist" };
      if (!generationObserved(daemonSet))
        return { ready: false, detail: "rollout not observed yet" };
      const status = daemonSet["status"] as {
        numberAvailable?: number;
        desiredNumberScheduled?: number;
      };
      const available = status.numberAvailable ?? 0;
      const desired = status.desiredNumberScheduled ?? 0;
      return available === desired
        ? { ready: true }
        : { ready: false, detail: `${available} of ${desired} node-agent pods available` };
    },
    timing({ stableMs: 5_000, ...options }),
  );
}
