// What the store asks of persistence: a record of every write, replayed at start-up.
import type { KubeObject } from "../cluster-api.js";

/** One persisted change: an object written, or removed at `revision`. */
export type JournalEntry =
  | { readonly op: "put"; readonly key: string; readonly object: KubeObject }
  | {
      readonly op: "delete";
      readonly key: string;
      readonly namespace: string;
      readonly name: string;
      readonly revision: number;
    };

/** Receives every store write in order; `flush` makes everything recorded so far durable. */
export interface Journal {
  record(entry: JournalEntry): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** The state a journal held: live objects by collection and the last revision handed out. */
export interface JournalState {
  readonly revision: number;
  readonly objects: ReadonlyMap<string, readonly KubeObject[]>;
}
