// The os/arch pairs krew's index accepts (the list `validate-krew-manifest` checks against).

/** One release target: krew's `os`/`arch` selector values (Go's GOOS/GOARCH names). */
export interface Platform {
  readonly os: string;
  readonly arch: string;
}

/** Every pair a platform selector of an index manifest may select. */
export const KREW_PLATFORMS: readonly Platform[] = [
  { os: "darwin", arch: "386" },
  { os: "darwin", arch: "amd64" },
  { os: "darwin", arch: "arm64" },
  { os: "linux", arch: "386" },
  { os: "linux", arch: "amd64" },
  { os: "linux", arch: "arm" },
  { os: "linux", arch: "arm64" },
  { os: "linux", arch: "ppc64le" },
  { os: "windows", arch: "386" },
  { os: "windows", arch: "amd64" },
  { os: "windows", arch: "arm64" },
];

/** `linux/amd64`. */
export function platformKey(platform: Platform): string {
  return `${platform.os}/${platform.arch}`;
}
