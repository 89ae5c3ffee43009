// Local test clusters for tests: started in this process (direct ClusterApi access) or as a
// child process (`npm run cluster`, closest to how the project uses it), each with a `kubectl`
// runner bound to its kubeconfig and an isolated discovery cache, and stopped in `after`.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { startCluster } from "../cluster/start-cluster.js";
import type { LocalCluster, StartClusterOptions } from "../cluster/start-cluster.js";

/** What one kubectl run produced. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real kubectl against one cluster. */
export type Kubectl = (
  args: readonly string[],
  options?: { readonly input?: string; readonly timeoutMs?: number },
) => Promise<KubectlResult>;

const REPO_ROOT = new URL("../..", import.meta.url).pathname;

function kubectlFor(kubeconfigPath: string, cacheDir: string): Kubectl {
  return (args, options = {}) =>
    new Promise((resolve) => {
      const child = execFile(
        "kubectl",
        ["--kubeconfig", kubeconfigPath, "--cache-dir", cacheDir, ...args],
        {
          timeout: options.timeoutMs ?? 60_000,
          maxBuffer: 64 * 1024 * 1024,
          env: { ...process.env, KUBECONFIG: kubeconfigPath },
        },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
          resolve({ code, stdout, stderr });
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
}

/** A cluster running in this process. */
export interface TestCluster extends LocalCluster {
  readonly kubectl: Kubectl;
}

/**
 * Starts an in-process cluster (controllers off unless asked) and stops it in `after`: call it
 * at the top level of a test file (top-level await) or inside a test body, not in a `before` hook
 * (node:test runs hooks registered there right after that hook).
 */
export async function startTestCluster(
  options: Partial<StartClusterOptions> = {},
): Promise<TestCluster> {
  const cacheDir = await mkdtemp(join(tmpdir(), "kubectl-cache-"));
  const cluster = await startCluster({ name: "test", controllers: false, ...options });
  after(async () => {
    await cluster.stop();
    await rm(cacheDir, { recursive: true, force: true });
  });
  return { ...cluster, kubectl: kubectlFor(cluster.kubeconfigPath, cacheDir) };
}

/** A cluster running as a child process (`test/cluster/main.ts`). */
export interface SpawnedCluster {
  readonly name: string;
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly dataDir: string;
  readonly kubectl: Kubectl;
  /** Sends SIGTERM and resolves when the process has exited. */
  stop(): Promise<void>;
}

/** Spawns `npm run cluster`'s program with a data dir (reused when given) and stops it in `after`. */
export async function spawnTestCluster(
  options: { name?: string; nodes?: number; dataDir?: string } = {},
): Promise<SpawnedCluster> {
  const base = await mkdtemp(join(tmpdir(), "spawned-cluster-"));
  const name = options.name ?? "spawned";
  const dataDir = options.dataDir ?? join(base, "data");
  const kubeconfigPath = join(base, "kubeconfig");
  const args = [
    "--import",
    "tsx",
    "test/cluster/main.ts",
    "--name",
    name,
    "--nodes",
    String(options.nodes ?? 1),
    "--kubeconfig",
    kubeconfigPath,
    "--data-dir",
    dataDir,
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = / ready at (https:\/\/\S+) /.exec(output);
      if (match !== null) resolve(match[1] ?? "");
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      reject(new Error(`cluster exited with ${String(code)}: ${output}`));
    });
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      child.kill("SIGTERM");
    }
    await exited;
  };
  after(async () => {
    await stop();
    await rm(base, { recursive: true, force: true });
  });
  return {
    name,
    url,
    kubeconfigPath,
    dataDir,
    kubectl: kubectlFor(kubeconfigPath, join(base, "cache")),
    stop,
  };
}
