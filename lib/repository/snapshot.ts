// Snapshot records (`snapshots/<id>`): what was backed up, when, with which tags, its root
// listing, its parent and its statistics. A record is written last, after everything it needs.
import { randomBytes } from "node:crypto";
import type { TreeEntry } from "./tree.js";

/** Velero's pod-volume tags (backup, backup-uid, pod, pod-uid, ns, volume, pvc-uid) or others. */
export type SnapshotTags = Readonly<Record<string, string>>;

/** Counters of one backup. */
export interface SnapshotStats {
  readonly files: number;
  readonly dirs: number;
  readonly symlinks: number;
  /** Sum of the sizes of all files in the snapshot. */
  readonly totalBytes: number;
  /** Files whose content was read (changed or new). */
  readonly filesRead: number;
  /** Bytes read from file contents. */
  readonly bytesRead: number;
  /** Files reused from the parent without reading. */
  readonly filesReused: number;
  readonly newChunks: number;
  /** Plaintext bytes of chunks new to the repository. */
  readonly newBytes: number;
  /** Bytes uploaded: packs and index blobs. */
  readonly uploadedBytes: number;
  /** Entries skipped (special files, unreadable names) with a warning. */
  readonly skipped: number;
  readonly durationMs: number;
}

/** The persisted snapshot record. */
export interface SnapshotRecord {
  readonly id: string;
  readonly time: string;
  /** Identity of what was backed up (by default the absolute source path). */
  readonly source: string;
  readonly tags: SnapshotTags;
  /** The source directory itself: its metadata and its listing's chunks. */
  readonly root: TreeEntry;
  readonly parent?: string;
  readonly stats: SnapshotStats;
  /** The first warnings of the backup (skipped entries and why). */
  readonly warnings: readonly string[];
}

/** Which snapshots `listSnapshots` returns: every given tag must match, and the source. */
export interface SnapshotFilter {
  readonly tags?: SnapshotTags;
  readonly source?: string;
}

/** Associated data binding a sealed blob to the snapshot role. */
export const snapshotAad = Buffer.from("snapshot");

/** A fresh random snapshot id (32 hex characters). */
export function newSnapshotId(): string {
  return randomBytes(16).toString("hex");
}

/** True when `record` satisfies `filter`. */
export function matchesFilter(record: SnapshotRecord, filter: SnapshotFilter = {}): boolean {
  if (filter.source !== undefined && record.source !== filter.source) return false;
  return Object.entries(filter.tags ?? {}).every(([k, v]) => record.tags[k] === v);
}

/** Parses a decrypted record; throws a plain Error when fields are missing. */
export function decodeSnapshotRecord(text: string): SnapshotRecord {
  const value = JSON.parse(text) as Partial<SnapshotRecord> | null;
  if (
    value === null ||
    typeof value.id !== "string" ||
    typeof value.time !== "string" ||
    typeof value.root !== "object" ||
    typeof value.stats !== "object"
  ) {
    throw new Error("snapshot record is missing fields");
  }
  return { tags: {}, warnings: [], source: "", ...value } as SnapshotRecord;
}
