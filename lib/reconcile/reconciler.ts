// The interface every controller implements: bring one object's world in line with its spec.

/** What a reconcile asks of the runtime afterwards. */
export interface ReconcileResult {
  /** Reconcile this key again after this many milliseconds (periodic work, polling). */
  readonly requeueAfterMs?: number;
}

/**
 * Reconciles one object, named by its `namespace/name` key.
 *
 * Contract: idempotent (it may be called any number of times for the same state, including
 * after the object is gone), never called concurrently for the same key, and it records
 * expected failures in the object's status instead of throwing. A thrown error means "try
 * again later": the key is re-queued with exponential backoff. `signal` aborts on shutdown.
 */
export interface Reconciler {
  reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult | undefined>;
}
