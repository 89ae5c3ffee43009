// The `local.csi.test` driver's snapshots on disk: `<dataDir>/snapshots/<handle>/data` holds a
// copy of a volume's files taken at one moment, `meta.json` beside it the size and time the
// driver reports. A snapshot appears whole or not at all (copied aside, then renamed).
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

/** What the driver knows of one snapshot. */
export interface StoredSnapshot {
  readonly handle: string;
  /** The volume the snapshot was taken of. */
  readonly volumeHandle: string;
  /** The size of that volume in bytes: the smallest volume the snapshot can fill. */
  readonly sizeBytes: number;
  /** When the copy was taken, in Unix nanoseconds. */
  readonly createdAtNs: number;
}

/** Options of {@link SnapshotStore.take}. */
export interface TakeSnapshotOptions {
  readonly handle: string;
  readonly volumeHandle: string;
  /** The volume's files now; a missing directory is an empty volume. */
  readonly sourceDir: string;
  readonly sizeBytes: number;
  readonly now: Date;
}

const COPY = { recursive: true, verbatimSymlinks: true, preserveTimestamps: true } as const;

/** See the file comment. Synchronous, so two operations never interleave. */
export class SnapshotStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, "snapshots");
  }

  /** The directory holding the snapshot's files. */
  dataDir(handle: string): string {
    return join(this.root, safe(handle), "data");
  }

  /** Copies `sourceDir` into a new snapshot `handle` (replacing an unfinished one). */
  take(options: TakeSnapshotOptions): StoredSnapshot {
    const snapshot: StoredSnapshot = {
      handle: options.handle,
      volumeHandle: options.volumeHandle,
      sizeBytes: options.sizeBytes,
      createdAtNs: options.now.getTime() * 1_000_000,
    };
    const staging = join(this.root, `.staging-${safe(options.handle)}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(join(staging, "data"), { recursive: true });
    if (existsSync(options.sourceDir)) cpSync(options.sourceDir, join(staging, "data"), COPY);
    writeFileSync(join(staging, "meta.json"), JSON.stringify(snapshot));
    const target = join(this.root, safe(options.handle));
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    return snapshot;
  }

  /** The snapshot `handle`, or undefined when the driver has none by that handle. */
  get(handle: string): StoredSnapshot | undefined {
    if (!HANDLE.test(handle)) return undefined;
    const meta = join(this.root, safe(handle), "meta.json");
    if (!existsSync(meta)) return undefined;
    return JSON.parse(readFileSync(meta, "utf8")) as StoredSnapshot;
  }

  /** Copies the snapshot's files into `targetDir` (created when missing). */
  restoreInto(handle: string, targetDir: string): void {
    mkdirSync(targetDir, { recursive: true });
    cpSync(this.dataDir(handle), targetDir, COPY);
  }

  /** Deletes the snapshot; no-op when it is gone already. */
  remove(handle: string): void {
    if (!HANDLE.test(handle)) return;
    rmSync(join(this.root, safe(handle)), { recursive: true, force: true });
  }
}

const HANDLE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function safe(handle: string): string {
  if (!HANDLE.test(handle)) throw new Error(`bad snapshot handle ${handle}`);
  return handle;
}
