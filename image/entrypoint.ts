// The container image's entry point: one program that runs the agent (`/velero server ...`),
// the node-agent (`/velero node-agent server ...`) or the restore helper, like Velero's binary.
import { basename } from "node:path";

async function main(argv: string[]): Promise<number> {
  const [executable = "", ...rest] = argv;
  const name = basename(executable);
  if (name === "velero" && rest[0] === "server") {
    const { agentMain } = await import("../agent/main.js");
    return agentMain(rest.slice(1));
  }
  if (name === "velero" && rest[0] === "node-agent" && rest[1] === "server") {
    const { nodeAgentMain } = await import("../node-agent/main.js");
    return nodeAgentMain(rest.slice(2));
  }
  if (name === "velero-restore-helper") {
    const { restoreHelperMain } = await import("./restore-helper.js");
    return restoreHelperMain(rest, process.env);
  }
  process.stderr.write(`velero image: unknown command ${argv.join(" ")}\n`);
  return 2;
}

// This image pins Node 20 on purpose; the AWS SDK's advice to upgrade is noise in the logs.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

process.exitCode = await main(process.argv.slice(2));
