// Shell completion end to end: `__complete` against a local test cluster (object names) and an
// unreachable one (silence, quickly), the scripts' syntax in every installed shell, bash's
// function driving the CLI, and kubectl's own plugin completion through kubectl_complete-velero.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, writeFile, chmod } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { bundleCli } from "../../packaging/bundle-cli.js";
import { runCaptured } from "../../kubectl-velero/testing/run-captured.js";
import { startTestCluster } from "../helpers/local-cluster.js";
import { freePort } from "../helpers/free-port.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, "../..");

const cluster = await startTestCluster({ name: "cli-completion" });
const applied = await cluster.kubectl(["apply", "-f", "crds/"]);
assert.equal(applied.code, 0, applied.stderr);
await cluster.kubectl(["create", "namespace", "velero"]);
for (const name of ["daily-1", "daily-2", "weekly"]) {
  cluster.api.create(
    { group: "velero.io", version: "v1", resource: "backups" },
    {
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: { name, namespace: "velero" },
      spec: {},
    },
  );
}

const bin = await makeTempDir("cli-completion-bin-");
after(() => bin.remove());
const wrapper = join(bin.path, "kubectl-velero");
// The CLI bundled as the release does (a tsx start per completion would take seconds under load).
const bundle = join(bin.path, "kubectl-velero.cjs");
await bundleCli({
  repoRoot: repo,
  entry: "packaging/cli-entry.ts",
  outfile: bundle,
  gitCommit: "test",
});
await writeFile(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${bundle}" "$@"\n`);
await chmod(wrapper, 0o755);
await copyFile(
  join(repo, "krew/kubectl_complete-velero"),
  join(bin.path, "kubectl_complete-velero"),
);
await chmod(join(bin.path, "kubectl_complete-velero"), 0o755);
const { stdout: kubectlPath } = await run("sh", ["-c", "command -v kubectl"]);
const path = [
  bin.path,
  dirname(process.execPath),
  dirname(kubectlPath.trim()),
  "/usr/bin",
  "/bin",
].join(":");
const childEnv = {
  ...process.env,
  // Under a loaded CI machine the first list call can take longer than the interactive deadline.
  KUBECTL_VELERO_COMPLETION_TIMEOUT: "60s",
  PATH: path,
  KUBECONFIG: cluster.kubeconfigPath,
  NODE_OPTIONS: "",
};

async function shellAvailable(shell: string): Promise<boolean> {
  try {
    await run("sh", ["-c", `command -v ${shell}`]);
    return true;
  } catch {
    return false;
  }
}

const patient = { env: { KUBECTL_VELERO_COMPLETION_TIMEOUT: "60s" } };

describe("__complete against a cluster", () => {
  it("offers the backups of the Velero namespace", async () => {
    const result = await runCaptured(
      ["__complete", "--kubeconfig", cluster.kubeconfigPath, "backup", "describe", "da"],
      patient,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "daily-1\ndaily-2\n:4\n");
  });

  it("offers nothing from another namespace given with -n", async () => {
    const result = await runCaptured(
      [
        "__complete",
        "--kubeconfig",
        cluster.kubeconfigPath,
        "-n",
        "elsewhere",
        "backup",
        "delete",
        "",
      ],
      patient,
    );
    assert.equal(result.stdout, ":4\n");
  });

  it("answers quickly with no candidates when the cluster is unreachable", async (t) => {
    const port = await freePort();
    const dir = await makeTempDir("cli-completion-kc-", {
      kubeconfig: [
        "apiVersion: v1",
        "kind: Config",
        "clusters: [{name: c, cluster: {server: 'http://127.0.0.1:" +
          String(port) +
          "', insecure-skip-tls-verify: true}}]",
        "users: [{name: u, user: {}}]",
        "contexts: [{name: gone, context: {cluster: c, user: u}}]",
        "current-context: gone",
        "",
      ].join("\n"),
    });
    t.after(() => dir.remove());
    const started = Date.now();
    const result = await runCaptured([
      "__complete",
      "--kubeconfig",
      join(dir.path, "kubeconfig"),
      "restore",
      "create",
      "--from-backup",
      "",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, ":4\n");
    assert.ok(Date.now() - started < 15_000, "well inside the shell's patience");
    const contexts = await runCaptured([
      "__complete",
      "--kubeconfig",
      join(dir.path, "kubeconfig"),
      "--context",
      "",
    ]);
    assert.equal(contexts.stdout, "gone\n:4\n");
  });
});

describe("completion scripts", () => {
  for (const shell of ["bash", "zsh", "fish"]) {
    it(`prints a ${shell} script its shell parses`, async (t) => {
      const printed = await runCaptured(["completion", shell]);
      assert.equal(printed.code, 0, printed.stderr);
      assert.match(printed.stdout, /__complete/);
      if (!(await shellAvailable(shell))) {
        t.skip(`${shell} is not installed`);
        return;
      }
      const dir = await makeTempDir("cli-completion-script-", { script: printed.stdout });
      t.after(() => dir.remove());
      await run(shell, ["-n", join(dir.path, "script")]);
    });
  }

  it("completes backup names through bash's completion function", async (t) => {
    const printed = await runCaptured(["completion", "bash"]);
    const dir = await makeTempDir("cli-completion-bash-", { script: printed.stdout });
    t.after(() => dir.remove());
    const driver = [
      `source ${join(dir.path, "script")}`,
      "COMP_WORDS=(kubectl-velero backup logs dai)",
      "COMP_CWORD=3",
      "__kubectl_velero_complete",
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join("\n");
    const { stdout } = await run("bash", ["-c", driver], { env: childEnv, timeout: 60_000 });
    assert.equal(stdout, "daily-1\ndaily-2\n");
  });
});

describe("kubectl's plugin completion", () => {
  it("asks kubectl_complete-velero for `kubectl velero backup describe <TAB>`", async () => {
    const { stdout } = await run("kubectl", ["__complete", "velero", "backup", "describe", "w"], {
      env: childEnv,
      timeout: 60_000,
    });
    assert.match(stdout, /^weekly\n:4\n/);
  });

  it("completes the plugin's subcommands", async () => {
    const { stdout } = await run("kubectl", ["__complete", "velero", "sched"], {
      env: childEnv,
      timeout: 60_000,
    });
    assert.match(stdout, /^schedule\tWork with schedules\n:4\n/);
  });
});
