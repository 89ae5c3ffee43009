// Entry point of the single-binary `kubectl-velero` (CommonJS, so no top-level await): runs the
// CLI, or the `__complete` request when started as kubectl's completion helper.
import { homedir } from "node:os";
import { basename } from "node:path";
import { runCli } from "../kubectl-velero/run-cli.js";

/** The name kubectl looks up on PATH to complete `kubectl velero ...` arguments. */
const COMPLETION_HELPER = "kubectl_complete-velero";

function commandLine(): string[] {
  const args = process.argv.slice(2);
  const invokedAs = basename(process.argv0).replace(/\.exe$/i, "");
  return invokedAs === COMPLETION_HELPER ? ["__complete", ...args] : args;
}

/** A reader that stopped reading (`| head`) ends the program quietly, as kubectl does. */
function exitOnBrokenPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
}

process.stdout.on("error", exitOnBrokenPipe);
// The SEA's Node version is fixed at build time: the AWS SDK's advice to upgrade Node is noise.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

void runCli(commandLine(), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  isTerminal: process.stdout.isTTY,
  env: process.env,
  homeDir: process.env["HOME"] ?? homedir(),
}).then((code) => {
  process.exitCode = code;
});
