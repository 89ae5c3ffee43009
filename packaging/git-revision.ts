// The git revision a build is made from: the short commit (`-dirty` with uncommitted changes
// to tracked files) and the commit's time, which dates the archive entries.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What the build records about the checkout. */
export interface GitRevision {
  /** `836f94b` or `836f94b-dirty`; `unknown` outside a git checkout. */
  readonly commit: string;
  /** The commit's time; `SOURCE_DATE_EPOCH` wins when set; now outside a checkout. */
  readonly time: Date;
}

async function git(repoRoot: string, args: readonly string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run("git", ["-C", repoRoot, ...args]);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/** Reads the revision of the checkout at `repoRoot`. */
export async function readGitRevision(
  repoRoot: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<GitRevision> {
  const short = await git(repoRoot, ["rev-parse", "--short", "HEAD"]);
  const status = await git(repoRoot, ["status", "--porcelain", "--untracked-files=no"]);
  const commit =
    short === undefined || short === "" ? "unknown" : status === "" ? short : `${short}-dirty`;
  const epoch = env["SOURCE_DATE_EPOCH"] ?? (await git(repoRoot, ["log", "-1", "--format=%ct"]));
  const seconds = Number(epoch);
  const time =
    epoch === undefined || !Number.isFinite(seconds) ? new Date() : new Date(seconds * 1000);
  return { commit, time };
}
