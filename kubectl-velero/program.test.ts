import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CliContext } from "./cli-context.js";
import { createProgram, rootCommandNamed } from "./program.js";

const ctx = new CliContext({
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin: process.stdin,
  isTerminal: false,
  env: {},
  homeDir: "/nonexistent-home",
});

const allCommands = [
  "version",
  "client",
  "install",
  "uninstall",
  "backup",
  "restore",
  "schedule",
  "migrate",
  "backup-location",
  "snapshot-location",
  "create",
  "get",
  "describe",
  "delete",
  "completion",
  "__complete",
];

function names(argv?: readonly string[]): Promise<string[]> {
  return createProgram(ctx, argv).then((p) => p.commands.map((c) => c.name()));
}

const versionOnly = await createProgram(ctx, ["version"]);

describe("which root command a command line names", () => {
  const cases: [string, readonly string[], string | undefined][] = [
    ["a bare command", ["version", "--client-only"], "version"],
    ["after -n and its value", ["-n", "velero", "backup", "get"], "backup"],
    ["after --namespace=value", ["--namespace=velero", "restore", "get"], "restore"],
    ["after a short flag with its value attached", ["-nvelero", "get", "backups"], "get"],
    [
      "after --kubeconfig and --context",
      ["--kubeconfig", "/k", "--context", "c", "describe"],
      "describe",
    ],
    ["a word that is no command", ["bakup", "get"], "bakup"],
    ["nothing", [], undefined],
    ["--help before the command", ["--help", "backup"], undefined],
    ["an unknown flag before the command", ["--verbose", "backup"], undefined],
    ["-- before the command", ["--", "backup"], undefined],
  ];
  for (const [scenario, argv, expected] of cases) {
    it(`finds ${String(expected)} for ${scenario}`, () => {
      assert.equal(rootCommandNamed(versionOnly, argv), expected);
    });
  }
});

describe("the command tree of one invocation", () => {
  it("holds every command, in help order, when no command line is given", async () => {
    assert.deepEqual(await names(), allCommands);
  });

  it("holds only the named command when the command line names one", async () => {
    assert.deepEqual(await names(["version", "--client-only"]), ["version"]);
    assert.deepEqual(await names(["-n", "velero", "backup", "get"]), ["backup"]);
  });

  it("holds every command for help, an unknown word and a completion request", async () => {
    assert.deepEqual(await names(["--help"]), allCommands);
    assert.deepEqual(await names(["bakup"]), allCommands);
    assert.deepEqual(await names(["__complete", "backup", ""]), allCommands);
  });
});
