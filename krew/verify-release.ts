// Checks a rendered manifest against the archives it names: each archive is present, its
// sha256 is the one in the manifest, and it holds the `bin`, a licence file and every `files`
// source, as `kubectl krew install` and the index's install test would need.
import { basename, join } from "node:path";
import { list } from "tar";
import type { KrewManifest, KrewPlatform } from "./krew-manifest.js";
import { sha256File } from "./release-archives.js";

const LICENSE_FILE = /^(license(\.txt|\.md)?|licenses.*|copying(\.txt)?)$/i;

/** The paths of the regular files in a .tar.gz, without a leading `./`. */
export async function archiveEntries(path: string): Promise<string[]> {
  const entries: string[] = [];
  await list({
    file: path,
    onReadEntry: (entry) => {
      if (entry.type === "File") entries.push(entry.path.replace(/^\.\//, ""));
    },
  });
  return entries;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/^\.\//, "")
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${escaped}$`);
}

async function platformProblems(platform: KrewPlatform, dir: string): Promise<string[]> {
  const fileName = basename(platform.uri ?? "");
  const path = join(dir, fileName);
  let actual: string;
  try {
    actual = await sha256File(path);
  } catch {
    return [`${fileName}: the archive is missing from ${dir}`];
  }
  const expected = platform.sha256 ?? "";
  const problems =
    actual === expected ? [] : [`sha256 is ${actual}, the manifest says ${expected}`];
  problems.push(...contentProblems(platform, await archiveEntries(path)));
  return problems.map((p) => `${fileName}: ${p}`);
}

function contentProblems(platform: KrewPlatform, entries: readonly string[]): string[] {
  const problems: string[] = [];
  if (!entries.some((e) => LICENSE_FILE.test(basename(e)))) {
    problems.push("no licence file in the archive");
  }
  const bin = platform.bin ?? "";
  if (!entries.includes(bin)) problems.push(`bin ${bin} is not in the archive`);
  for (const op of platform.files ?? []) {
    const from = op.from ?? "";
    if (!entries.some((e) => globToRegExp(from).test(e))) {
      problems.push(`files.from ${from} matches nothing in the archive`);
    }
  }
  return problems;
}

/** Every problem found between the manifest and the archives in `dir` (empty when consistent). */
export async function verifyRelease(manifest: KrewManifest, dir: string): Promise<string[]> {
  const problems: string[] = [];
  for (const platform of manifest.spec?.platforms ?? []) {
    problems.push(...(await platformProblems(platform, dir)));
  }
  return problems;
}
