// How Node's platform names map onto krew's (Go's) os/arch names, and per-platform file names.
import { KREW_PLATFORMS, platformKey, type Platform } from "../krew/krew-platforms.js";

export { KREW_PLATFORMS, platformKey, type Platform };

const osNames: Readonly<Record<string, string>> = {
  linux: "linux",
  darwin: "darwin",
  win32: "windows",
};
const archNames: Readonly<Record<string, string>> = {
  x64: "amd64",
  arm64: "arm64",
  ia32: "386",
  arm: "arm",
  ppc64: "ppc64le",
};

/** The platform of a Node `process.platform`/`process.arch` pair (`linux`/`x64` ⇒ linux/amd64). */
export function platformOfNode(platform: string, arch: string): Platform | undefined {
  const os = osNames[platform];
  const goArch = archNames[arch];
  return os === undefined || goArch === undefined ? undefined : { os, arch: goArch };
}

/** Parses `linux/amd64`; undefined unless it is one of {@link KREW_PLATFORMS}. */
export function parsePlatform(text: string): Platform | undefined {
  return KREW_PLATFORMS.find((p) => platformKey(p) === text);
}

/** The executable's file name on a platform (`kubectl-velero.exe` on Windows). */
export function executableName(base: string, platform: Platform): string {
  return platform.os === "windows" ? `${base}.exe` : base;
}
