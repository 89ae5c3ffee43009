// Exposes a DataDownload's target volume on this node: once the restore has created the target
// claim, a hosting pod pinned to this node mounts it in the claim's namespace, so the node-agent
// can write the snapshot into the volume the claim is bound to. Velero instead fills a temporary
// claim in its own namespace and then rebinds the volume to the target claim, which needs a PV
// controller that leaves claims with a selector alone; the local test cluster provisions them.
import { DATA_DOWNLOAD_LABEL, formatDuration, type DataDownload } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { AlreadyExistsError, getOrUndefined } from "../../lib/kube/index.js";
import { deleteIfExists, type ClaimObject, type DataMoverClients } from "./cluster-objects.js";
import { buildHostingPod, DataMoverExposeError } from "./hosting-pod.js";

/** What the exposer needs. */
export interface RestoreExposerDeps {
  readonly clients: DataMoverClients;
  readonly nodeName: string;
  readonly clock: Clock;
  readonly image: () => Promise<string>;
  readonly pollMs?: number;
}

/** See the file comment. The hosting pod is named after the DataDownload. */
export class RestoreExposer {
  readonly #deps: RestoreExposerDeps;

  constructor(deps: RestoreExposerDeps) {
    this.#deps = deps;
  }

  /** Waits up to `timeoutMs` for the target claim, then creates the hosting pod (idempotent). */
  async expose(dd: DataDownload, timeoutMs: number, signal: AbortSignal): Promise<ClaimObject> {
    const { pvc, namespace } = dd.spec.targetVolume;
    const claim = await this.#waitForClaim(namespace, pvc, timeoutMs, signal);
    const name = dd.metadata.name ?? "";
    const pod = buildHostingPod({
      name,
      namespace,
      nodeName: this.#deps.nodeName,
      claimName: pvc,
      volumeName: dd.metadata.uid ?? name,
      image: await this.#deps.image(),
      labels: { [DATA_DOWNLOAD_LABEL]: name },
    });
    try {
      await this.#deps.clients.pods.create(pod, { namespace });
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
    return claim;
  }

  /** Deletes the hosting pod; never throws for a missing one. */
  async cleanUp(dd: DataDownload): Promise<void> {
    await deleteIfExists(
      this.#deps.clients.pods,
      dd.metadata.name ?? "",
      dd.spec.targetVolume.namespace,
    );
  }

  async #waitForClaim(
    namespace: string,
    name: string,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<ClaimObject> {
    const deadline = this.#deps.clock.now().getTime() + timeoutMs;
    for (;;) {
      const claim = await getOrUndefined(() => this.#deps.clients.claims.get(name, namespace));
      if (claim !== undefined && claim.metadata?.deletionTimestamp === undefined) return claim;
      if (this.#deps.clock.now().getTime() >= deadline) {
        throw new DataMoverExposeError(
          `timed out after ${formatDuration(timeoutMs)} waiting for the target claim ${namespace}/${name}`,
        );
      }
      await this.#deps.clock.sleep(this.#deps.pollMs ?? 500, signal);
    }
  }
}
