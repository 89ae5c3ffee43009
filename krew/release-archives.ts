// The release archives' names (`kubectl-velero_<version>_<os>_<arch>.tar.gz`), the files inside
// them and their checksums, shared by the build that writes them and the manifest renderer.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { KREW_PLATFORMS, platformKey, type Platform } from "./krew-platforms.js";

/** One archive of a release. */
export interface ReleaseArchive {
  readonly platform: Platform;
  readonly fileName: string;
  /** Lowercase hex sha256 of the archive's bytes. */
  readonly sha256: string;
}

/** `kubectl-velero_0.1.0_linux_amd64.tar.gz` (version without the `v`). */
export function archiveFileName(version: string, platform: Platform): string {
  return `kubectl-velero_${version}_${platform.os}_${platform.arch}.tar.gz`;
}

/** The executable's name inside an archive (`kubectl-velero.exe` on Windows). */
export function binName(platform: Platform): string {
  return platform.os === "windows" ? "kubectl-velero.exe" : "kubectl-velero";
}

/**
 * The completion helper's name inside an archive: kubectl (1.26+) runs `kubectl_complete-velero`
 * from PATH to complete plugin arguments (a `.cmd` on Windows). Its source is krew/<name>.
 */
export function completionHelperName(platform: Platform): string {
  return platform.os === "windows" ? "kubectl_complete-velero.cmd" : "kubectl_complete-velero";
}

/** The platform of an archive file name of `version`, or undefined for any other file. */
export function platformOfArchive(version: string, fileName: string): Platform | undefined {
  return KREW_PLATFORMS.find((p) => archiveFileName(version, p) === fileName);
}

/** The lowercase hex sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Every archive of `version` in `dir`, in krew's platform order. */
export async function collectArchives(dir: string, version: string): Promise<ReleaseArchive[]> {
  const names = new Set(await readdir(dir));
  const archives: ReleaseArchive[] = [];
  for (const platform of KREW_PLATFORMS) {
    const fileName = archiveFileName(version, platform);
    if (names.has(fileName)) {
      archives.push({ platform, fileName, sha256: await sha256File(join(dir, fileName)) });
    }
  }
  return archives;
}

/** `linux/amd64, darwin/arm64` for messages. */
export function describePlatforms(archives: readonly ReleaseArchive[]): string {
  return archives.map((a) => platformKey(a.platform)).join(", ");
}
