// The restore-wait init container's program (`/velero-restore-helper <restore UID>`): checks
// every second until each volume mounted under /restores holds `.velero/<restore UID>`, then
// removes the `.velero` directories and exits 0, as Velero's velero-restore-helper does.
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** Where the restored volumes are mounted inside the init container. */
export const RESTORES_DIR = "/restores";

/** Options of {@link waitForRestores}. */
export interface RestoreHelperOptions {
  /** Directory holding one mounted volume per subdirectory (`/restores`). */
  readonly root: string;
  readonly restoreUid: string;
  /** Lines for stdout and stderr. */
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Pause between checks (default 1 s). */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

async function volumeDirs(options: RestoreHelperOptions): Promise<string[] | undefined> {
  try {
    const entries = await readdir(options.root, { withFileTypes: true });
    for (const entry of entries.filter((e) => !e.isDirectory())) {
      options.out(`${entry.name} is not a directory, skipping.`);
    }
    return entries.filter((e) => e.isDirectory()).map((e) => join(options.root, e.name));
  } catch (error) {
    options.err(`ERROR reading ${options.root} directory: ${String(error)}`);
    return undefined;
  }
}

/** True when every volume has its done file; logs what is still missing. */
export async function allRestoresDone(options: RestoreHelperOptions): Promise<boolean> {
  const dirs = await volumeDirs(options);
  if (dirs === undefined) return false;
  for (const dir of dirs) {
    const doneFile = join(dir, ".velero", options.restoreUid);
    try {
      await stat(doneFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        options.out(`The filesystem restore done file ${doneFile} is not found yet. Retry later.`);
      } else {
        options.err(`ERROR looking filesystem restore done file ${doneFile}: ${String(error)}`);
      }
      return false;
    }
    options.out(`Found the done file ${doneFile}`);
  }
  return true;
}

async function removeMarkers(options: RestoreHelperOptions): Promise<void> {
  const dirs = (await volumeDirs(options)) ?? [];
  for (const dir of dirs) {
    const markers = join(dir, ".velero");
    await rm(markers, { recursive: true, force: true });
    options.out(`Deleted ${markers}`);
  }
}

/** Waits for every done file, then removes the markers (a failure to remove is only printed). */
export async function waitForRestores(options: RestoreHelperOptions): Promise<void> {
  for (;;) {
    await sleep(options.intervalMs ?? 1000, undefined, { signal: options.signal });
    if (await allRestoresDone(options)) break;
  }
  options.out("All PodVolumeRestores are done");
  try {
    await removeMarkers(options);
    options.out("Done cleanup .velero folder");
  } catch (error) {
    options.out(String(error));
  }
}

/**
 * Runs the helper with its arguments (the restore UID only) and environment; resolves with
 * the exit code. `KUBECTL_VELERO_ROOT` prefixes `/restores` when the local test cluster runs
 * the container without a sandbox.
 */
export async function restoreHelperMain(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const out = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const err = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  const [restoreUid] = args;
  if (args.length !== 1 || restoreUid === undefined) {
    err("ERROR: exactly one argument must be provided, the restore's UID");
    return 1;
  }
  const root = join(env["KUBECTL_VELERO_ROOT"] ?? "/", RESTORES_DIR);
  await waitForRestores({ root, restoreUid, out, err });
  return 0;
}
