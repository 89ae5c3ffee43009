// Pods of the local test cluster share the host's network namespace, so every agent and
// node-agent on the machine (of every cluster) would claim Velero's metrics port :8085 on all
// interfaces. The project image's server commands are therefore given an ephemeral loopback
// metrics address unless the pod's command names one itself.

const serverCommands: readonly (readonly string[])[] = [["server"], ["node-agent", "server"]];

/**
 * `command` (the image's arguments after the executable) with `--metrics-address=127.0.0.1:0`
 * appended to `server` and `node-agent server` commands that name no metrics address.
 */
export function withLoopbackMetrics(command: readonly string[]): string[] {
  const isServer = serverCommands.some((words) => words.every((word, i) => command[i] === word));
  const named = command.some(
    (arg) => arg === "--metrics-address" || arg.startsWith("--metrics-address="),
  );
  return isServer && !named ? [...command, "--metrics-address=127.0.0.1:0"] : [...command];
}
