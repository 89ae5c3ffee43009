// The flags the agent and the node-agent both start with: how to reach the API server, how to
// log, and where /metrics and the health endpoints listen.
import type { Command } from "commander";
import { addressArg, type ListenAddress } from "./server-flags.js";

/** What {@link defineConnectionFlags} adds to a command's parsed options. */
export interface ConnectionFlags {
  kubeconfig?: string;
  kubecontext?: string;
  logLevel: string;
  logFormat: string;
  metricsAddress: ListenAddress;
}

/**
 * Adds `--kubeconfig`, `--kubecontext`, `--log-level` (default info), `--log-format` (default
 * text) and `--metrics-address` (default `:8085`) to `command` and returns it.
 */
export function defineConnectionFlags(command: Command): Command {
  return command
    .option("--kubeconfig <path>", "kubeconfig to use instead of the in-cluster service account")
    .option("--kubecontext <name>", "context of --kubeconfig")
    .option("--log-level <level>", "debug, info, warning or error", "info")
    .option("--log-format <format>", "text or json", "text")
    .option(
      "--metrics-address <addr>",
      "address of /metrics and health endpoints",
      addressArg,
      addressArg(":8085"),
    );
}
