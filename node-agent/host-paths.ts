// Where a pod volume lives on this node: Velero's glob rule under the host pods root
// (`<root>/<podUID>/volumes/*/<volDir>`), exactly one match, and nothing outside the root.
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { VeleroError } from "../lib/errors.js";

/** The parts of a pod volume that decide its directory name. */
export interface PodVolumeSource {
  readonly name: string;
  readonly persistentVolumeClaim?: { readonly claimName: string } | undefined;
  readonly csi?: unknown;
}

/** The parts of the PersistentVolume behind a PVC volume that decide its directory name. */
export interface BoundVolume {
  readonly name: string;
  /** The PV has a CSI source (`spec.csi`). */
  readonly isCsi: boolean;
  /** `spec.volumeMode: Block`. */
  readonly isBlock: boolean;
}

/** No directory matches the glob (yet): the pod's volumes may not be set up. Retryable. */
export class HostPathNotFoundError extends VeleroError {
  constructor(glob: string) {
    super("HostPathNotFound", `expected one matching path: ${glob}, got 0`, { retryable: true });
  }
}

/** More than one directory matches the glob. */
export class AmbiguousHostPathError extends VeleroError {
  constructor(glob: string, count: number) {
    super("AmbiguousHostPath", `expected one matching path: ${glob}, got ${count}`);
  }
}

/** A name or resolved path that would leave the host pods root, or is not a directory. */
export class UnsafeHostPathError extends VeleroError {
  constructor(message: string) {
    super("UnsafeHostPath", message);
  }
}

/**
 * The volume's directory under `volumes/<plugin>/` as Velero's GetVolumeDirectory names it:
 * the volume name (`<name>/mount` for inline CSI) for non-PVC volumes; for PVC volumes the PV
 * name, with `/mount` for CSI filesystem volumes.
 */
export function volumeDirName(volume: PodVolumeSource, pv?: BoundVolume): string {
  if (volume.persistentVolumeClaim === undefined || pv === undefined) {
    return volume.csi === undefined ? volume.name : `${volume.name}/mount`;
  }
  return pv.isCsi && !pv.isBlock ? `${pv.name}/mount` : pv.name;
}

/** What {@link resolveVolumeHostPath} found. */
export interface ResolvedHostPath {
  /** The matching path under the root, as Velero reports it in `status.path`. */
  readonly path: string;
  /** Its real path (symlinks resolved), inside the root: what is read or written. */
  readonly realPath: string;
}

function checkComponents(what: string, value: string, maxParts: number): void {
  const parts = value.split("/");
  if (parts.length > maxParts) {
    throw new UnsafeHostPathError(`${what} "${value}" has too many path components`);
  }
  const isBad = (p: string): boolean => p === "" || p === "." || p === ".." || p.includes("\0");
  if (parts.some(isBad)) {
    throw new UnsafeHostPathError(`${what} "${value}" is not a valid path component`);
  }
}

async function childDirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves `<root>/<podUid>/volumes/*\/<volumeDir>` (`volumeDevices` when `isBlock`) to its single
 * match. Throws {@link HostPathNotFoundError} for no match, {@link AmbiguousHostPathError} for
 * several, and {@link UnsafeHostPathError} when a component is not a plain name or the match's
 * real path is outside the root's real path or not a directory.
 */
export async function resolveVolumeHostPath(
  root: string,
  target: { readonly podUid: string; readonly volumeDir: string; readonly isBlock?: boolean },
): Promise<ResolvedHostPath> {
  checkComponents("pod UID", target.podUid, 1);
  checkComponents("volume directory", target.volumeDir, 2);
  const base = join(root, target.podUid, target.isBlock === true ? "volumeDevices" : "volumes");
  const glob = join(base, "*", target.volumeDir);
  const matches: string[] = [];
  for (const plugin of await childDirectories(base)) {
    const candidate = join(base, plugin, target.volumeDir);
    if (await exists(candidate)) matches.push(candidate);
  }
  const [match] = matches;
  if (match === undefined) throw new HostPathNotFoundError(glob);
  if (matches.length > 1) throw new AmbiguousHostPathError(glob, matches.length);
  const realRoot = await realpath(root);
  const real = await realpath(match).catch(() => {
    throw new UnsafeHostPathError(`${match} does not resolve to an existing path`);
  });
  if (real !== realRoot && !real.startsWith(realRoot + sep)) {
    throw new UnsafeHostPathError(`${match} resolves to ${real}, outside ${realRoot}`);
  }
  if (target.isBlock !== true && !(await stat(real)).isDirectory()) {
    throw new UnsafeHostPathError(`${match} is not a directory`);
  }
  return { path: match, realPath: real };
}
