// Keeps a local cache of one resource type in sync with the API (client-node's list+watch
// informer) and restarts it with backoff after errors, which client-node leaves to its callers.
import { makeInformer, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { systemClock, type Clock } from "../clock.js";
import { errorMessage } from "../errors.js";
import {
  ResourceClient,
  resourcePath,
  type ObjectLike,
  type KubeRestClient,
  type ResourceType,
} from "../kube/index.js";
import { silentLogger, type Logger } from "../log.js";

/** What happened to a cached object. */
export type InformerEventType = "add" | "update" | "delete";

/** Options of {@link ResourceInformer}. */
export interface InformerOptions {
  readonly kc: KubeConfig;
  readonly rest: KubeRestClient;
  readonly type: ResourceType;
  /** Watch only this namespace (all namespaces when omitted). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
}

const maxBackoffMs = 30_000;

/** A self-healing cache of one resource type with change notifications. */
export class ResourceInformer<T extends ObjectLike> {
  private readonly options: InformerOptions;
  private readonly informer: ReturnType<typeof makeInformer<KubernetesObject>>;
  private readonly handlers: ((type: InformerEventType, object: T) => void)[] = [];
  private readonly logger: Logger;
  private readonly clock: Clock;
  private failures = 0;

  constructor(options: InformerOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ informer: options.type.resource });
    const client = new ResourceClient(options.rest, options.type);
    const path = resourcePath(options.type, { namespace: options.namespace });
    const list = async (): Promise<{
      items: KubernetesObject[];
      metadata: { resourceVersion: string };
    }> => {
      const page = await client.list({
        namespace: options.namespace,
        labelSelector: options.labelSelector,
      });
      return {
        items: page.items as KubernetesObject[],
        metadata: { resourceVersion: page.resourceVersion },
      };
    };
    this.informer = makeInformer<KubernetesObject>(options.kc, path, list, options.labelSelector);
    this.informer.on("add", (o) => {
      this.emit("add", o);
    });
    this.informer.on("update", (o) => {
      this.emit("update", o);
    });
    this.informer.on("delete", (o) => {
      this.emit("delete", o);
    });
    this.informer.on("connect", () => {
      this.failures = 0;
    });
  }

  /** Registers a change handler (call before `start`). */
  onChange(handler: (type: InformerEventType, object: T) => void): void {
    this.handlers.push(handler);
  }

  /**
   * Lists, then watches, until `signal` aborts; resolves once the first list has filled the
   * cache. Watch errors restart it with exponential backoff (a 410 Gone relists).
   */
  async start(signal: AbortSignal): Promise<void> {
    let synced = false;
    this.informer.on("error", (error: unknown) => {
      if (synced && !signal.aborted) void this.restart(error, signal);
    });
    signal.addEventListener("abort", () => void this.informer.stop(), { once: true });
    while (!signal.aborted) {
      let failure: unknown;
      const onError = (error: unknown): void => {
        failure = error ?? new Error("informer failed");
      };
      this.informer.on("error", onError);
      await this.informer.start();
      this.informer.off("error", onError);
      if (failure === undefined) {
        synced = true;
        return;
      }
      this.logger.warn("initial list failed; retrying", { error: errorMessage(failure) });
      await this.backoff(signal);
    }
  }

  /** Every cached object (of one namespace when given). */
  list(namespace?: string): T[] {
    return this.informer.list(namespace) as T[];
  }

  /** The cached object, if any. */
  get(name: string, namespace?: string): T | undefined {
    return this.informer.get(name, namespace) as T | undefined;
  }

  private emit(type: InformerEventType, object: KubernetesObject): void {
    for (const handler of this.handlers) handler(type, object as T);
  }

  private async restart(error: unknown, signal: AbortSignal): Promise<void> {
    this.logger.warn("watch failed; restarting", { error: errorMessage(error) });
    await this.backoff(signal);
    if (!signal.aborted) await this.informer.start();
  }

  private async backoff(signal: AbortSignal): Promise<void> {
    const delay = Math.min(maxBackoffMs, 500 * 2 ** this.failures);
    this.failures += 1;
    await this.clock.sleep(delay, signal).catch(() => undefined);
  }
}
