// Child processes of the backup benchmark: spawning node programs (the test cluster, the agent
// compiled as the image compiles it), stopping them, and reading their memory and CPU time.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { access, readFile, symlink } from "node:fs/promises";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;

/** A running child and the tail of its output. */
export interface Child {
  readonly process: ChildProcess;
  readonly output: () => string;
}

/** Spawns `node <args>` in the repository and resolves once its output matches `ready`. */
export function spawnNode(args: readonly string[], ready: RegExp): Promise<Child> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      if (process.env["BENCH_VERBOSE"] !== undefined) process.stderr.write(chunk);
      output += chunk.toString();
      if (output.length > 1 << 20) output = output.slice(-(1 << 19));
      if (ready.test(output)) resolve({ process: child, output: () => output });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      reject(new Error(`${args.join(" ")} exited with ${String(code)}:\n${output}`));
    });
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the child has exited. */
export async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((resolve) => child.process.once("exit", resolve));
  child.process.kill("SIGTERM");
  const timer = setTimeout(() => child.process.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Current and peak (VmHWM) resident memory of a process, in MB. */
export async function memoryOf(pid: number): Promise<{ rssMb: number; hwmMb: number }> {
  const status = await readFile(`/proc/${String(pid)}/status`, "utf8");
  const kb = (field: string): number =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
}

/** User + system CPU seconds a process has used (all its threads), from /proc. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${String(pid)}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

/**
 * Compiles the programs as the image does (`image/tsconfig.build.json`) into `dir/dist`, with
 * `dir/node_modules` linked to the repository's, and returns the entry point. Type errors in
 * files being edited elsewhere do not stop the emit; a missing entry point does.
 */
export async function buildAgent(dir: string): Promise<string> {
  await new Promise<void>((resolve) => {
    execFile(
      process.execPath,
      [
        join(root, "node_modules/typescript/bin/tsc"),
        "-p",
        join(root, "image/tsconfig.build.json"),
        "--outDir",
        join(dir, "dist"),
      ],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      () => {
        resolve();
      },
    );
  });
  await symlink(join(root, "node_modules"), join(dir, "node_modules"));
  await symlink(join(root, "package.json"), join(dir, "package.json"));
  const entry = join(dir, "dist/image/entrypoint.js");
  await access(entry);
  return entry;
}
