// Leader election on a coordination.k8s.io Lease, so that of several agent replicas exactly
// one acts at a time (the others wait and take over when the leader's lease expires).
import { systemClock, type Clock } from "../clock.js";
import { errorMessage } from "../errors.js";
import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  ResourceClient,
  type KubeObject,
  type KubeRestClient,
} from "../kube/index.js";
import { silentLogger, type Logger } from "../log.js";

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

const leases = {
  group: "coordination.k8s.io",
  version: "v1",
  resource: "leases",
  namespaced: true,
};

/** Options of {@link LeaderElector}. */
export interface LeaderElectionOptions {
  readonly rest: KubeRestClient;
  readonly namespace: string;
  readonly leaseName: string;
  /** This replica's identity (pod name plus a random suffix). */
  readonly identity: string;
  readonly leaseDurationSeconds?: number;
  /** How often the leader renews and candidates retry. Default 2 s. */
  readonly retryPeriodMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Acquires and keeps a Lease. */
export class LeaderElector {
  private readonly options: LeaderElectionOptions;
  private readonly client: ResourceClient<Lease>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly durationSeconds: number;

  constructor(options: LeaderElectionOptions) {
    this.options = options;
    this.client = new ResourceClient<Lease>(options.rest, leases);
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ lease: options.leaseName });
    this.durationSeconds = options.leaseDurationSeconds ?? 15;
  }

  /**
   * Waits until this replica holds the lease, then keeps renewing it in the background.
   * Resolves with a signal that aborts if leadership is lost (renewal failed for a whole
   * lease duration) or `signal` aborts; the caller must stop acting when it does.
   */
  async acquire(signal: AbortSignal): Promise<AbortSignal> {
    const retry = this.options.retryPeriodMs ?? 2_000;
    while (!(await this.tryAcquireOrRenew())) {
      await this.clock.sleep(retry, signal);
    }
    this.logger.info("became leader", { identity: this.options.identity });
    const lost = new AbortController();
    signal.addEventListener(
      "abort",
      () => {
        lost.abort(signal.reason);
      },
      { once: true },
    );
    void this.keepRenewing(lost, retry);
    return lost.signal;
  }

  private async keepRenewing(lost: AbortController, retryMs: number): Promise<void> {
    let lastRenew = this.clock.now().getTime();
    while (!lost.signal.aborted) {
      const aborted = await this.clock.sleep(retryMs, lost.signal).then(
        () => false,
        () => true,
      );
      if (aborted) return;
      if (await this.tryAcquireOrRenew()) {
        lastRenew = this.clock.now().getTime();
      } else if (this.clock.now().getTime() - lastRenew > this.durationSeconds * 1000) {
        this.logger.error("lost leadership", { identity: this.options.identity });
        lost.abort(new Error("leader lease lost"));
      }
    }
  }

  /** One attempt: true when this replica holds the lease afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    try {
      const current = await this.getLease();
      if (current === undefined) return await this.create();
      return await this.takeOrRenew(current);
    } catch (error) {
      if (error instanceof ConflictError || error instanceof AlreadyExistsError) return false;
      this.logger.warn("lease update failed", { error: errorMessage(error) });
      return false;
    }
  }

  private async getLease(): Promise<Lease | undefined> {
    try {
      return await this.client.get(this.options.leaseName, this.options.namespace);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  private async create(): Promise<boolean> {
    const now = microTime(this.clock.now());
    await this.client.create({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: this.options.leaseName, namespace: this.options.namespace },
      spec: {
        holderIdentity: this.options.identity,
        leaseDurationSeconds: this.durationSeconds,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: 0,
      },
    });
    return true;
  }

  private async takeOrRenew(lease: Lease): Promise<boolean> {
    const spec = lease.spec ?? {};
    const isMine = spec.holderIdentity === this.options.identity;
    if (!isMine && !this.isExpired(spec)) return false;
    const now = microTime(this.clock.now());
    const next: LeaseSpec = {
      ...spec,
      holderIdentity: this.options.identity,
      leaseDurationSeconds: this.durationSeconds,
      renewTime: now,
      ...(isMine ? {} : { acquireTime: now, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 }),
    };
    await this.client.replace({ ...lease, spec: next });
    return true;
  }

  private isExpired(spec: LeaseSpec): boolean {
    if (spec.holderIdentity === undefined || spec.holderIdentity === "") return true;
    const renewed = Date.parse(spec.renewTime ?? "");
    if (Number.isNaN(renewed)) return true;
    const duration = (spec.leaseDurationSeconds ?? this.durationSeconds) * 1000;
    return renewed + duration < this.clock.now().getTime();
  }
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
