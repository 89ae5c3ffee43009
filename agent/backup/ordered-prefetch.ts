// Reads several paged lists at once but hands their pages out in list order: the next lists
// are already being fetched while the current one is processed, with a bounded number of pages
// held per list, so memory stays bounded and the output order is the plan's order.

/** Options of {@link prefetchInOrder}. */
export interface PrefetchOptions {
  /** Lists in flight at once (the one being consumed included). */
  readonly concurrency: number;
  /** Pages a list may hold before its reader waits for the consumer. */
  readonly pagesAhead: number;
  readonly signal?: AbortSignal | undefined;
}

/** A page of a unit, or the error that ended the unit's list. */
export type PrefetchEvent<U, P> =
  | { readonly unit: U; readonly page: P; readonly error?: undefined }
  | { readonly unit: U; readonly page?: undefined; readonly error: unknown };

/** Opens one unit's pages; `signal` aborts when the consumer stops early. */
export type OpenUnit<U, P> = (unit: U, signal: AbortSignal) => AsyncIterable<P>;

class Wakeup {
  #resolve: (() => void) | undefined;

  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  wake(): void {
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.();
  }
}

class UnitBuffer<P> {
  readonly pages: P[] = [];
  readonly toConsumer = new Wakeup();
  readonly toProducer = new Wakeup();
  done = false;
  failed = false;
  error: unknown = undefined;
}

async function produce<U, P>(
  unit: U,
  buffer: UnitBuffer<P>,
  context: { open: OpenUnit<U, P>; pagesAhead: number; signal: AbortSignal },
): Promise<void> {
  try {
    for await (const page of context.open(unit, context.signal)) {
      buffer.pages.push(page);
      buffer.toConsumer.wake();
      while (buffer.pages.length >= context.pagesAhead && !context.signal.aborted) {
        await buffer.toProducer.wait();
      }
      if (context.signal.aborted) return;
    }
  } catch (error) {
    buffer.failed = true;
    buffer.error = error;
  } finally {
    buffer.done = true;
    buffer.toConsumer.wake();
  }
}

/**
 * Yields every page of every unit, units in the given order, pages in list order. Up to
 * `concurrency` units are read ahead, each holding at most `pagesAhead` pages. A unit whose list
 * fails yields its pages so far, then one event with the error, and the others go on. Stopping
 * the iteration (or `signal`) aborts the lists still running.
 */
export async function* prefetchInOrder<U, P>(
  units: readonly U[],
  open: OpenUnit<U, P>,
  options: PrefetchOptions,
): AsyncGenerator<PrefetchEvent<U, P>> {
  const stop = new AbortController();
  const onAbort = (): void => {
    stop.abort(options.signal?.reason);
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const buffers: UnitBuffer<P>[] = [];
  const context = { open, pagesAhead: Math.max(1, options.pagesAhead), signal: stop.signal };
  const startUpTo = (end: number): void => {
    while (buffers.length < Math.min(end, units.length)) {
      const buffer = new UnitBuffer<P>();
      void produce(units[buffers.length] as U, buffer, context);
      buffers.push(buffer);
    }
  };
  try {
    for (let i = 0; i < units.length; i++) {
      startUpTo(i + Math.max(1, options.concurrency));
      const unit = units[i] as U;
      yield* drain(unit, buffers[i] as UnitBuffer<P>, stop.signal);
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    stop.abort(new Error("prefetch stopped"));
    for (const buffer of buffers) buffer.toProducer.wake();
  }
}

async function* drain<U, P>(
  unit: U,
  buffer: UnitBuffer<P>,
  signal: AbortSignal,
): AsyncGenerator<PrefetchEvent<U, P>> {
  for (;;) {
    const page = buffer.pages.shift();
    if (page !== undefined) {
      buffer.toProducer.wake();
      yield { unit, page };
      continue;
    }
    if (buffer.done) break;
    if (signal.aborted) throw signal.reason;
    await buffer.toConsumer.wait();
  }
  if (buffer.failed) yield { unit, error: buffer.error };
}
