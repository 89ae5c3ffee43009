// The bounded history of changes every watch replays from, and the in-order delivery of new
// changes to subscribers (delivered after the write returns, never re-entrantly).
import type { Logger } from "../../../lib/log.js";
import type { KubeObject, WatchEventType } from "../cluster-api.js";

/** A stored change: the object as written (or as it was when deleted) at `revision`. */
export interface StoredEvent {
  readonly type: WatchEventType;
  readonly storageKey: string;
  readonly revision: number;
  readonly object: KubeObject;
  /** The object before this change (absent for ADDED). */
  readonly previous?: KubeObject;
}

/** Receives changes of one collection (or of all, when subscribed with `"*"`). */
export type EventListener = (event: StoredEvent) => void;

/** Thrown by {@link WatchHistory.since} when events after the revision were already dropped. */
export class HistoryExpiredError extends Error {
  readonly oldest: number;
  constructor(requested: number, oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
    this.name = "HistoryExpiredError";
    this.oldest = oldest;
  }
}

/**
 * Keeps the last `capacity` events of all collections (like etcd's history before
 * compaction) and fans new events out to subscribers in revision order.
 */
export class WatchHistory {
  private events: StoredEvent[] = [];
  private start = 0;
  private compactedThrough: number;
  private readonly capacity: number;
  private readonly listeners = new Map<string, Set<EventListener>>();
  private pending: StoredEvent[] = [];
  private flushing = false;

  private readonly log: Logger;

  constructor(options: { capacity: number; compactedThrough: number; log: Logger }) {
    this.capacity = options.capacity;
    this.compactedThrough = options.compactedThrough;
    this.log = options.log;
  }

  /** The newest revision whose event is no longer kept. */
  get compactedRevision(): number {
    return this.compactedThrough;
  }

  /** Records an event and schedules its delivery. */
  append(event: StoredEvent): void {
    this.events.push(event);
    if (this.events.length - this.start > this.capacity) {
      this.compactedThrough = this.events[this.start]?.revision ?? this.compactedThrough;
      this.start += 1;
      if (this.start > this.capacity) {
        this.events = this.events.slice(this.start);
        this.start = 0;
      }
    }
    this.pending.push(event);
    if (this.pending.length === 1 && !this.flushing)
      queueMicrotask(() => {
        this.flush();
      });
  }

  /** Events of `storageKey` with a revision above `revision`, oldest first. */
  since(revision: number, storageKey: string): StoredEvent[] {
    if (revision < this.compactedThrough) {
      throw new HistoryExpiredError(revision, this.compactedThrough + 1);
    }
    let low = this.start;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.events[mid]?.revision ?? 0) <= revision) low = mid + 1;
      else high = mid;
    }
    const out: StoredEvent[] = [];
    for (let i = low; i < this.events.length; i++) {
      const event = this.events[i];
      if (event !== undefined && event.storageKey === storageKey) out.push(event);
    }
    return out;
  }

  /** Drops every kept event up to now: later watches from older revisions get 410 Gone. */
  compact(throughRevision: number): void {
    this.events = [];
    this.start = 0;
    this.compactedThrough = throughRevision;
  }

  /** Calls `listener` for every later event of `storageKey` (`"*"` for all). */
  subscribe(storageKey: string, listener: EventListener): () => void {
    let set = this.listeners.get(storageKey);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(storageKey, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  private flush(): void {
    this.flushing = true;
    try {
      for (let i = 0; i < this.pending.length; i++) {
        const event = this.pending[i];
        if (event !== undefined) this.deliver(event);
      }
    } finally {
      this.pending = [];
      this.flushing = false;
    }
  }

  private deliver(event: StoredEvent): void {
    for (const key of [event.storageKey, "*"]) {
      const set = this.listeners.get(key);
      if (set === undefined) continue;
      for (const listener of [...set]) {
        try {
          listener(event);
        } catch (error) {
          this.log.error("watch listener failed", { error, storageKey: event.storageKey });
        }
      }
    }
  }
}
