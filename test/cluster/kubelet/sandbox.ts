// How a container process is launched: inside a bubblewrap sandbox whose root is a tmpfs with
// the host's system directories read-only, /proc, /dev, the repository checkout, and the pod's
// mounts at their mountPaths — or, when bwrap cannot run here, directly on the host with a
// symlink tree standing in for `/` and its path given in KUBECTL_VELERO_ROOT (the fallback).
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { dirname, join } from "node:path";
import type { MountSpec } from "./volume-mounter.js";

/** The environment variable that tells a process run without a sandbox where its `/` is. */
export const fallbackRootVariable = "KUBECTL_VELERO_ROOT";

/** What a container process needs, independent of how it is isolated. */
export interface SandboxRequest {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly mounts: readonly MountSpec[];
  readonly workingDir: string | undefined;
  readonly hostname: string;
  /** Host directories the process sees read-only at the same path (checkout, node binary). */
  readonly hostReadOnly: readonly string[];
  /** A directory the fallback may fill with its stand-in root. */
  readonly fallbackRoot: string;
}

/** An argv, environment and working directory ready for `spawn`. */
export interface LaunchCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}

const systemPaths = ["/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

function isUnder(target: string, dir: string): boolean {
  return target === dir || target.startsWith(`${dir}/`);
}

/**
 * Read-only binds of one host system directory. When a pod mount lands inside it (a config
 * file under /etc, say), the directory becomes a tmpfs holding read-only binds of its entries
 * instead, so bwrap can create the mount point; entries the mount replaces are left out.
 */
function systemDirArgs(path: string, targets: readonly string[]): string[] {
  if (!targets.some((t) => t.startsWith(`${path}/`))) return ["--ro-bind", path, path];
  const args = ["--tmpfs", path];
  for (const name of readdirSync(path)) {
    const entry = join(path, name);
    if (targets.some((t) => isUnder(t, entry))) continue;
    if (lstatSync(entry).isSymbolicLink()) args.push("--symlink", readlinkSync(entry), entry);
    else args.push("--ro-bind", entry, entry);
  }
  return args;
}

function systemArgs(targets: readonly string[]): string[] {
  const args: string[] = [];
  for (const path of systemPaths) {
    if (!existsSync(path)) continue;
    if (lstatSync(path).isSymbolicLink()) args.push("--symlink", readlinkSync(path), path);
    else args.push(...systemDirArgs(path, targets));
  }
  return args;
}

function baseArgs(hostname: string, targets: readonly string[]): string[] {
  return [
    "--die-with-parent",
    "--unshare-uts",
    "--unshare-ipc",
    "--hostname",
    hostname,
    ...systemArgs(targets),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--tmpfs",
    "/tmp",
  ];
}

/** The bwrap invocation for `request`. */
export function bwrapCommand(request: SandboxRequest): LaunchCommand {
  const targets = request.mounts.map((m) => m.target);
  const args = baseArgs(request.hostname.slice(0, 63), targets);
  for (const path of request.hostReadOnly) args.push("--ro-bind", path, path);
  for (const mount of request.mounts) {
    args.push(mount.readOnly ? "--ro-bind" : "--bind", mount.source, mount.target);
  }
  args.push("--chdir", request.workingDir ?? "/", "--", ...request.argv);
  return { file: "bwrap", args, env: request.env, cwd: "/" };
}

/**
 * The unsandboxed invocation for `request`: `fallbackRoot` is rebuilt as a tree of symlinks
 * (`<root>/<mountPath>` → host directory) and passed as KUBECTL_VELERO_ROOT; programs that
 * honour it prefix their absolute pod paths with it (client-node's `loadFromCluster(prefix)`).
 */
export function directCommand(request: SandboxRequest): LaunchCommand {
  rmSync(request.fallbackRoot, { recursive: true, force: true });
  mkdirSync(request.fallbackRoot, { recursive: true });
  for (const mount of request.mounts) {
    const link = join(request.fallbackRoot, mount.target);
    mkdirSync(dirname(link), { recursive: true });
    rmSync(link, { recursive: true, force: true });
    symlinkSync(mount.source, link);
  }
  const workingDir = join(request.fallbackRoot, request.workingDir ?? "/");
  const [file = "true", ...args] = request.argv;
  return {
    file,
    args,
    env: { ...request.env, [fallbackRootVariable]: request.fallbackRoot },
    cwd: existsSync(workingDir) ? workingDir : request.fallbackRoot,
  };
}

/** Whether bwrap works on this machine, and what it said when it did not. */
export interface SandboxProbe {
  readonly usable: boolean;
  readonly detail: string;
}

/** Runs a trivial command in the same kind of sandbox the kubelet builds. */
export function probeBwrap(): SandboxProbe {
  const result = spawnSync("bwrap", [...baseArgs("probe", []), "--", "sh", "-c", "exit 0"], {
    env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" },
    encoding: "utf8",
    timeout: 10_000,
  });
  if (result.error !== undefined) return { usable: false, detail: result.error.message };
  if (result.status !== 0)
    return { usable: false, detail: result.stderr.trim() || `exit ${result.status}` };
  return { usable: true, detail: "bwrap works" };
}
