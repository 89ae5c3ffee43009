// Writes a platform's release archive (the executable, the completion helper and LICENSE) and
// the release's checksum list: reproducible bytes (fixed mtime, no owners, modes set, gzip without a time).
import { chmod, copyFile, mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { create } from "tar";
import { sha256File } from "../krew/release-archives.js";

/** `kubectl-velero_0.1.0_checksums.txt`. */
export function checksumsName(version: string): string {
  return `kubectl-velero_${version}_checksums.txt`;
}

/** Options of {@link writeReleaseArchive}. */
export interface ArchiveOptions {
  readonly executable: string;
  /** kubectl's completion helper for the platform (krew/kubectl_complete-velero[.cmd]). */
  readonly completionHelper: string;
  readonly license: string;
  /** Directory to stage the files in (created; left for the caller to remove). */
  readonly stagingDir: string;
  readonly output: string;
  /** Every entry's mtime, for reproducible archives (the commit's time). */
  readonly mtime: Date;
}

/**
 * Packs the executable and the completion helper (mode 0755) and LICENSE (0644) at the archive's
 * root.
 */
export async function writeReleaseArchive(options: ArchiveOptions): Promise<void> {
  await mkdir(options.stagingDir, { recursive: true });
  const executable = basename(options.executable);
  const helper = basename(options.completionHelper);
  const files: [string, string, number][] = [
    [options.executable, executable, 0o755],
    [options.completionHelper, helper, 0o755],
    [options.license, "LICENSE", 0o644],
  ];
  for (const [from, name, mode] of files) {
    await copyFile(from, join(options.stagingDir, name));
    await chmod(join(options.stagingDir, name), mode);
  }
  await create(
    {
      gzip: { level: 6 },
      file: options.output,
      cwd: options.stagingDir,
      portable: true,
      mtime: options.mtime,
    },
    files.map(([, name]) => name),
  );
}

/** Writes `sha256sum`-style lines (`<hex>  <name>`), sorted by name. */
export async function writeChecksums(output: string, files: readonly string[]): Promise<void> {
  const lines = await Promise.all(files.map(async (f) => `${await sha256File(f)}  ${basename(f)}`));
  const sorted = lines.sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1));
  await writeFile(output, sorted.join("\n") + "\n");
}

/** Parses a checksum list written by {@link writeChecksums}: file name ⇒ sha256. */
export function parseChecksums(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (match !== null) entries.set(match[2] ?? "", match[1] ?? "");
  }
  return entries;
}
