// One side of a migration: its own kubeconfig and context, Velero namespace, CLI context and
// typed clients, so `migrate` talks to two clusters in one invocation.
import { createVeleroClients, type VeleroClients } from "../../lib/kube/index.js";
import { CliContext, type CliIo } from "../cli-context.js";

/** Which end of the migration a side is. */
export type SideRole = "source" | "target";

/** A cluster taking part in a migration. */
export interface ClusterSide {
  readonly role: SideRole;
  /** The kubeconfig context used (its name identifies the cluster in messages). */
  readonly contextName: string;
  /** The API server URL of that context. */
  readonly server: string;
  /** The kubeconfig file given, if any (for the commands suggested to the user). */
  readonly kubeconfig?: string | undefined;
  readonly namespace: string;
  readonly ctx: CliContext;
  readonly clients: VeleroClients;
}

/** How to reach one side. */
export interface SideOptions {
  readonly role: SideRole;
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  readonly namespace: string;
}

/** Opens a side: loads its kubeconfig (throws `KubeConfigError` naming the problem). */
export async function openClusterSide(io: CliIo, options: SideOptions): Promise<ClusterSide> {
  const ctx = new CliContext(io);
  await ctx.setGlobals({
    kubeconfig: options.kubeconfig,
    context: options.context,
    namespace: options.namespace,
  });
  const kc = ctx.kubeConfig();
  return {
    role: options.role,
    contextName: kc.getCurrentContext(),
    server: kc.getCurrentCluster()?.server ?? "",
    kubeconfig: options.kubeconfig,
    namespace: options.namespace,
    ctx,
    clients: createVeleroClients(ctx.rest(), options.namespace),
  };
}

/** `cluster "kind-a" (source)`: how messages name a side. */
export function describeSide(side: Pick<ClusterSide, "contextName" | "role">): string {
  return `${side.role} cluster "${side.contextName}"`;
}

/** The kubectl-velero flags that select this side (for commands suggested to the user). */
export function sideFlags(
  side: Pick<ClusterSide, "kubeconfig" | "contextName" | "namespace">,
): string {
  const flags = side.kubeconfig === undefined ? [] : [`--kubeconfig ${side.kubeconfig}`];
  flags.push(`--context ${side.contextName}`, `-n ${side.namespace}`);
  return flags.join(" ");
}
