// What every command gets: where to print, how to ask, and lazily built Kubernetes clients
// for the kubeconfig, context and Velero namespace chosen by the global flags (Velero's factory).
import { createInterface } from "node:readline/promises";
import type { KubeConfig } from "@kubernetes/client-node";
import { systemClock, type Clock } from "../lib/clock.js";
import {
  KubeRestClient,
  loadKubeConfig,
  ResourceClient,
  type KubeObject,
  type ResourceType,
} from "../lib/kube/index.js";
import { clientConfigPath, readClientConfig, type ClientConfig } from "./client-config.js";

/** A place to write text. */
export interface TextSink {
  write(text: string): unknown;
}

/** The process's streams and environment, injected so commands can run inside tests. */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly stdin: NodeJS.ReadableStream;
  /** True when stdout is a terminal (live progress instead of plain lines). */
  readonly isTerminal: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly clock?: Clock;
}

/** The root command's global flags. */
export interface GlobalOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly kubecontext?: string;
  readonly namespace?: string;
  readonly features?: string[];
}

/** Per-invocation state shared by all commands. */
export class CliContext {
  readonly io: CliIo;
  readonly clock: Clock;
  private globals: GlobalOptions = {};
  private clientConfig: ClientConfig | undefined;
  private kc: KubeConfig | undefined;
  private restClient: KubeRestClient | undefined;

  constructor(io: CliIo) {
    this.io = io;
    this.clock = io.clock ?? systemClock;
  }

  /** Called once the global flags are parsed. */
  async setGlobals(globals: GlobalOptions): Promise<void> {
    this.globals = globals;
    this.clientConfig = await readClientConfig(clientConfigPath(this.io.homeDir));
  }

  /** The Velero namespace: `-n`, then the client config, then `VELERO_NAMESPACE`, then `velero`. */
  get namespace(): string {
    return (
      nonEmpty(this.globals.namespace) ??
      nonEmpty(this.clientConfig?.namespace) ??
      nonEmpty(this.io.env["VELERO_NAMESPACE"]) ??
      "velero"
    );
  }

  /** Client config values (after `setGlobals`). */
  get config(): ClientConfig {
    return this.clientConfig ?? {};
  }

  /** The kubeconfig of `--kubeconfig`/`KUBECONFIG`/default, with `--context` applied. */
  kubeConfig(): KubeConfig {
    this.kc ??= loadKubeConfig({
      kubeconfig: this.globals.kubeconfig,
      context: this.globals.context ?? this.globals.kubecontext,
    });
    return this.kc;
  }

  /** The raw REST client for the chosen cluster. */
  rest(): KubeRestClient {
    this.restClient ??= new KubeRestClient(this.kubeConfig());
    return this.restClient;
  }

  /** A client for one resource type. */
  resources<T extends KubeObject = KubeObject>(type: ResourceType): ResourceClient<T> {
    return new ResourceClient<T>(this.rest(), type);
  }

  /** Prints a line to stdout. */
  print(text = ""): void {
    this.io.stdout.write(text + "\n");
  }

  /** Asks `Are you sure you want to continue (Y/N)?` until the answer is y or n. */
  async confirm(question: string): Promise<boolean> {
    this.io.stdout.write(question + "\n");
    const rl = createInterface({ input: this.io.stdin, terminal: false });
    const lines = rl[Symbol.asyncIterator]();
    try {
      for (;;) {
        this.io.stdout.write("Are you sure you want to continue (Y/N)? ");
        const next = await lines.next();
        if (next.done === true) return false;
        const answer = next.value.trim().toLowerCase();
        if (answer === "y") return true;
        if (answer === "n") return false;
      }
    } finally {
      rl.close();
    }
  }

  /** Releases connections. */
  close(): void {
    this.restClient?.close();
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
