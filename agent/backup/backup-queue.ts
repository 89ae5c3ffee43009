// The backup queue's rules: queue positions, which namespaces a backup touches, and which
// queued backups may start now (a free slot, and no namespace shared with a running backup or
// with a backup queued ahead of it).
import type { Backup } from "../../lib/api/index.js";
import { NamespaceFilter } from "../filters/index.js";

/** The namespaces a backup touches: every namespace, or a set of names. */
export type NamespaceScope =
  { readonly all: true } | { readonly all: false; readonly names: ReadonlySet<string> };

/** A backup waiting in the queue. */
export interface QueuedBackup {
  readonly name: string;
  /** 0 for backups already taken out of the queue (ReadyToStart). */
  readonly queuePosition: number;
  readonly scope: NamespaceScope;
}

/** A backup that is running. */
export interface RunningBackup {
  readonly name: string;
  readonly scope: NamespaceScope;
}

/**
 * The namespaces of `backup`'s spec: all of them when the includes are empty or `*` (such a
 * backup overlaps every other), otherwise the includes (globs expanded against the cluster's
 * namespaces) minus the excludes.
 */
export function namespaceScopeOf(
  backup: Pick<Backup, "spec">,
  clusterNamespaces: readonly string[],
): NamespaceScope {
  const includes = backup.spec.includedNamespaces ?? [];
  if (includes.length === 0 || includes.includes("*")) return { all: true };
  const filter = new NamespaceFilter(
    includes,
    backup.spec.excludedNamespaces ?? [],
    clusterNamespaces,
  );
  const candidates = new Set([...clusterNamespaces, ...filter.lists.includes]);
  return { all: false, names: new Set([...candidates].filter((ns) => filter.shouldInclude(ns))) };
}

/** True when two backups share a namespace (a backup of every namespace shares with all). */
export function scopesOverlap(a: NamespaceScope, b: NamespaceScope): boolean {
  if (a.all || b.all) return true;
  for (const name of a.names) if (b.names.has(name)) return true;
  return false;
}

/** The next queue position: one past the highest among `queued`. */
export function nextQueuePosition(queued: readonly Pick<QueuedBackup, "queuePosition">[]): number {
  return queued.reduce((max, b) => Math.max(max, b.queuePosition), 0) + 1;
}

/**
 * The queued backups that may start now, in queue order: at most `capacity - running`, each
 * sharing no namespace with a running backup, with one started before it here, or with any
 * backup queued ahead of it (even one that could not start), so that the queue stays fair.
 */
export function runnableBackups(
  queued: readonly QueuedBackup[],
  running: readonly RunningBackup[],
  capacity: number,
): QueuedBackup[] {
  const ordered = [...queued].sort(
    (a, b) => a.queuePosition - b.queuePosition || a.name.localeCompare(b.name),
  );
  const busy: NamespaceScope[] = running.map((r) => r.scope);
  const ahead: NamespaceScope[] = [];
  const start: QueuedBackup[] = [];
  for (const candidate of ordered) {
    const free = running.length + start.length < capacity;
    const blocked = [...busy, ...ahead].some((scope) => scopesOverlap(scope, candidate.scope));
    if (free && !blocked) {
      start.push(candidate);
      busy.push(candidate.scope);
    } else {
      ahead.push(candidate.scope);
    }
  }
  return start;
}
