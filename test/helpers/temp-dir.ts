// Temporary directories for tests, filled declaratively and removed when the test ends.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** File contents by relative path; a string or bytes is a file. */
export type DirTree = Readonly<Record<string, string | Uint8Array>>;

/** A temp dir whose `[Symbol.asyncDispose]` (or `remove`) deletes it. */
export interface TempDir {
  readonly path: string;
  remove(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Creates a fresh directory under the OS temp dir, optionally filled with `tree`. */
export async function makeTempDir(prefix = "kv-test-", tree: DirTree = {}): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  for (const [relative, contents] of Object.entries(tree)) {
    const file = join(path, relative);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, contents);
  }
  const remove = (): Promise<void> => rm(path, { recursive: true, force: true });
  return { path, remove, [Symbol.asyncDispose]: remove };
}
