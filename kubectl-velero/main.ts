#!/usr/bin/env node
// Entry point of the `kubectl-velero` executable: the only place that sets the exit code.
import { homedir } from "node:os";
import { runCli } from "./run-cli.js";

// This program pins Node 20 on purpose; the AWS SDK's advice to upgrade is noise on stderr.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  isTerminal: process.stdout.isTTY,
  env: process.env,
  homeDir: process.env["HOME"] ?? homedir(),
});
