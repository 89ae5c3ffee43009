import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Command } from "commander";
import { CliContext } from "../cli-context.js";
import { createProgram } from "../program.js";
import { completeWords, formatCompletion, parseWords } from "./complete-words.js";
import type { CompletionSource, NameKind } from "./value-kinds.js";

const root = await createProgram(
  new CliContext({
    stdout: { write: () => true },
    stderr: { write: () => true },
    stdin: process.stdin,
    isTerminal: false,
    env: {},
    homeDir: "/nonexistent-home",
  }),
);
/** A tree with a command carrying migrate's flags: they complete whatever command has them. */
const migrateRoot = new Command("kubectl velero")
  .option("--kubeconfig <path>")
  .option("--context <name>")
  .addCommand(
    new Command("migrate")
      .option("--from <context>")
      .option("--to <context>")
      .option("--from-kubeconfig <path>")
      .option("--to-kubeconfig <path>"),
  );

const objects: Record<NameKind, string[]> = {
  backups: ["nightly-20260101000000", "nightly-20260102000000", "manual"],
  restores: ["manual-20260103000000"],
  schedules: ["nightly"],
  "backup-locations": ["default", "secondary"],
  "snapshot-locations": ["ebs"],
};

const contextLookups: (string | undefined)[] = [];
const source: CompletionSource = {
  names: (kind) => Promise.resolve(objects[kind]),
  contexts: (kubeconfig) => {
    contextLookups.push(kubeconfig);
    return Promise.resolve(kubeconfig === "/b.yaml" ? ["b-east", "b-west"] : ["a-prod", "a-dev"]);
  },
};

async function values(
  words: string[],
  tree: Command = root,
): Promise<{ values: string[]; directive: number }> {
  const result = await completeWords(tree, words, source);
  return { values: result.candidates.map((c) => c.value), directive: result.directive };
}

describe("completion of partial command lines", () => {
  const table: [string, string[], string[], number][] = [
    ["root nouns by prefix", ["ba"], ["backup", "backup-location"], 4],
    ["verbs of a noun", ["schedule", "p"], ["pause"], 4],
    ["verb-first nouns with aliases resolved", ["get", "backup-l"], ["backup-locations"], 4],
    ["long flags of the command and the globals", ["backup", "get", "--o"], ["--output"], 4],
    [
      "global flags anywhere, not hidden aliases",
      ["backup", "get", "--kubec"],
      ["--kubeconfig"],
      4,
    ],
    ["output formats", ["restore", "get", "-o", ""], ["table", "json", "yaml"], 4],
    [
      "describe output formats of a backup",
      ["backup", "describe", "-o", ""],
      ["plaintext", "json"],
      4,
    ],
    [
      "existing resource policy inline",
      ["restore", "create", "--existing-resource-policy=n"],
      ["--existing-resource-policy=none"],
      4,
    ],
    [
      "access modes",
      ["backup-location", "create", "x", "--access-mode", "Read"],
      ["ReadWrite", "ReadOnly"],
      4,
    ],
    [
      "object store providers",
      ["backup-location", "create", "x", "--provider", ""],
      ["aws", "azure", "gcp", "filesystem"],
      4,
    ],
    [
      "snapshot providers",
      ["snapshot-location", "create", "x", "--provider", ""],
      ["aws", "azure", "gcp"],
      4,
    ],
    [
      "backup names for describe",
      ["backup", "describe", "night"],
      ["nightly-20260101000000", "nightly-20260102000000"],
      4,
    ],
    [
      "backup names not yet given",
      ["backup", "delete", "manual", ""],
      ["nightly-20260101000000", "nightly-20260102000000"],
      4,
    ],
    ["one backup for logs", ["backup", "logs", "manual", ""], [], 4],
    ["backup names through an alias tree", ["describe", "backups", "m"], ["manual"], 4],
    ["backups for --from-backup", ["restore", "create", "--from-backup", ""], objects.backups, 4],
    ["schedules for --from-schedule", ["backup", "create", "--from-schedule", "n"], ["nightly"], 4],
    ["restore names", ["restore", "logs", ""], ["manual-20260103000000"], 4],
    ["schedule names to pause", ["schedule", "pause", ""], ["nightly"], 4],
    ["locations for set", ["backup-location", "set", "s"], ["secondary"], 4],
    [
      "storage locations for a backup",
      ["backup", "create", "b", "--storage-location", ""],
      ["default", "secondary"],
      4,
    ],
    ["nothing for a new name", ["backup", "create", ""], [], 4],
    ["files for --cacert", ["backup-location", "create", "x", "--cacert", ""], [], 0],
    ["files for a download path", ["backup", "download", "manual", "-o", ""], [], 0],
    ["files for --kubeconfig", ["--kubeconfig", ""], [], 0],
    ["shells", ["completion", ""], ["bash", "zsh", "fish"], 4],
  ];
  for (const [what, words, expected, directive] of table) {
    it(`offers ${what}`, async () => {
      assert.deepEqual(await values(words), { values: expected, directive });
    });
  }

  it("offers contexts of the side's kubeconfig for migrate --from and --to", async () => {
    contextLookups.length = 0;
    assert.deepEqual((await values(["migrate", "--from", "a-"], migrateRoot)).values, [
      "a-prod",
      "a-dev",
    ]);
    assert.deepEqual(
      (
        await values(
          ["migrate", "--from", "a-prod", "--to-kubeconfig", "/b.yaml", "--to", ""],
          migrateRoot,
        )
      ).values,
      ["b-east", "b-west"],
    );
    assert.deepEqual((await values(["--kubeconfig", "/g.yaml", "--context", "a-d"])).values, [
      "a-dev",
    ]);
    assert.deepEqual(contextLookups, [undefined, "/b.yaml", "/g.yaml"]);
  });

  it("does not offer hidden commands or flags", async () => {
    const all = await values([""]);
    assert.ok(!all.values.includes("__complete"));
    assert.ok(all.values.includes("completion"));
    const flags = await values(["backup", "create", "x", "--no-"]);
    assert.deepEqual(flags.values, []);
  });

  it("remembers global flag values typed before the command", () => {
    const parsed = parseWords(root, ["-n", "ops", "--kubeconfig=/k", "backup", "get"]);
    assert.deepEqual(parsed.path, ["backup", "get"]);
    assert.equal(parsed.flagValues.get("--namespace"), "ops");
    assert.equal(parsed.flagValues.get("--kubeconfig"), "/k");
  });

  it("prints candidates with descriptions, then the directive", () => {
    assert.equal(
      formatCompletion({
        candidates: [{ value: "a", description: "first\nmore" }, { value: "b" }],
        directive: 4,
      }),
      "a\tfirst\nb\n:4\n",
    );
  });
});
