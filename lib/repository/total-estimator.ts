// Estimates a backup's totals (files and bytes) by a low-priority scan running beside it, so
// progress can show a total before the backup has walked everything.
import { lstatSync } from "node:fs";
import { opendir } from "node:fs/promises";
import { join } from "node:path";
import type { ProgressTracker } from "./progress.js";

async function scanDir(
  path: string,
  progress: ProgressTracker,
  at: { pending: string[]; isStopped: () => boolean },
): Promise<void> {
  for await (const dirent of await opendir(path, { bufferSize: 256 })) {
    if (at.isStopped()) return;
    const child = join(path, dirent.name);
    if (dirent.isDirectory()) at.pending.push(child);
    if (!dirent.isFile()) continue;
    progress.totalFiles++;
    progress.totalBytes += lstatSync(child).size;
  }
}

/** Scans `dir`, adding to `progress.totalFiles`/`totalBytes`, until done or `isStopped()`. */
export async function estimateTotals(
  dir: string,
  progress: ProgressTracker,
  isStopped: () => boolean,
): Promise<void> {
  const pending = [dir];
  while (pending.length > 0 && !isStopped()) {
    await scanDir(pending.pop() as string, progress, { pending, isStopped }).catch(() => undefined);
  }
}
