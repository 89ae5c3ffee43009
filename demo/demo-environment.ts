// The demo's world: two local test clusters (child processes) and an RGW bucket, the CLI and
// kubectl bound to a cluster, and the cleanup that runs whatever happens (failure, ctrl-C).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRgw, type RgwServer } from "../test/helpers/rgw.js";

/** The repository root (where `npm run demo` runs). */
export const REPO_ROOT = new URL("..", import.meta.url).pathname;

/** Undo actions, run last-in first-out once. */
export class Cleanup {
  readonly #actions: (() => Promise<void>)[] = [];

  add(action: () => Promise<void>): void {
    this.#actions.push(action);
  }

  async run(): Promise<void> {
    for (const action of this.#actions.splice(0).reverse()) {
      await action().catch((error: unknown) => {
        process.stderr.write(`cleanup: ${String(error)}\n`);
      });
    }
  }
}

/** A local test cluster running as a child process. */
export interface DemoCluster {
  readonly name: string;
  readonly kubeconfig: string;
}

/** A temp directory removed at cleanup. */
export async function demoDir(cleanup: Cleanup): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kubectl-velero-demo-"));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts `npm run cluster`'s program with one node and waits until it serves. */
export async function startDemoCluster(
  name: string,
  dir: string,
  cleanup: Cleanup,
): Promise<DemoCluster> {
  const kubeconfig = join(dir, `${name}.kubeconfig`);
  const args = ["--import", "tsx", "test/cluster/main.ts", "--name", name, "--nodes", "1"];
  const child = spawn(
    process.execPath,
    [...args, "--kubeconfig", kubeconfig, "--data-dir", join(dir, name)],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  cleanup.add(() => stopChild(child));
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(" ready at ")) resolve();
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      reject(new Error(`cluster ${name} exited (${String(code)}): ${output}`));
    });
  });
  return { name, kubeconfig };
}

/** Starts RGW (a real S3 server) and creates the demo's bucket. */
export async function startDemoBucket(cleanup: Cleanup, bucket: string): Promise<RgwServer> {
  // RGW's start-up has fixed deadlines that a busy machine can miss: one more try.
  const rgw = await startRgw().catch(() => startRgw());
  cleanup.add(() => rgw.stop());
  await rgw.createBucket(bucket);
  return rgw;
}

/** What a command printed and its exit code. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl against a cluster and captures its output. */
export function kubectl(
  cluster: DemoCluster,
  args: readonly string[],
  input?: string,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(
      "kubectl",
      ["--kubeconfig", cluster.kubeconfig, ...args],
      { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Runs `kubectl velero ...` from this checkout with its output shown live; resolves with the code. */
export function velero(args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", "kubectl-velero/main.ts", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  return new Promise((resolve) => {
    child.once("exit", (code) => {
      resolve(code ?? 1);
    });
  });
}
