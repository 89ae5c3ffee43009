#!/usr/bin/env node
// Entry point of the `kubectl-velero` executable: the only place that sets the exit code.
import { homedir } from "node:os";
import { runCli } from "./run-cli.js";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  isTerminal: process.stdout.isTTY,
  env: process.env,
  homeDir: process.env["HOME"] ?? homedir(),
});
