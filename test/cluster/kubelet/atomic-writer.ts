// Writes secret, configMap, projected and downwardAPI volume contents the way the kubelet's
// atomic writer lays them out: the files in a timestamped `..<time>` directory, a `..data`
// symlink to it, and one top-level symlink per entry pointing through `..data`.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

/** One file of a volume payload: a relative path, its bytes and its mode. */
export interface PayloadFile {
  readonly path: string;
  readonly content: Uint8Array | string;
  readonly mode: number;
}

function timestampDirName(now: Date): string {
  const iso = now.toISOString();
  const stamp = iso.slice(0, 19).replace(/[-T:]/g, "_");
  return `..${stamp}.${iso.slice(20, 23)}${String(process.hrtime()[1]).padStart(9, "0").slice(3)}`;
}

/**
 * Replaces the payload in `dir` with `files` (see the file comment). Paths must be relative
 * and must not contain `..`; they were validated by the API.
 */
export function writeAtomicPayload(dir: string, files: readonly PayloadFile[], now: Date): void {
  mkdirSync(dir, { recursive: true });
  const dataLink = join(dir, "..data");
  const previous = existsSync(dataLink) ? readlinkSync(dataLink) : undefined;
  const versioned = timestampDirName(now);
  for (const file of files) {
    const target = join(dir, versioned, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content, { mode: file.mode });
  }
  mkdirSync(join(dir, versioned), { recursive: true });
  const temporary = join(dir, "..data_tmp");
  rmSync(temporary, { force: true });
  symlinkSync(versioned, temporary);
  renameSync(temporary, dataLink);
  linkTopLevel(dir, new Set(files.map((f) => f.path.split("/")[0] ?? "")));
  if (previous !== undefined && previous !== versioned) {
    rmSync(join(dir, previous), { recursive: true, force: true });
  }
}

function linkTopLevel(dir: string, topLevel: ReadonlySet<string>): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith("..") || topLevel.has(name)) continue;
    if (lstatSync(join(dir, name)).isSymbolicLink()) rmSync(join(dir, name));
  }
  for (const name of topLevel) {
    if (!existsSync(join(dir, name))) symlinkSync(join("..data", name), join(dir, name));
  }
}
