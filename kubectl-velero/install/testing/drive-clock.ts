// Runs a promise that sleeps on a FakeClock to completion by advancing the clock in steps.
import { setImmediate as yieldToEvents } from "node:timers/promises";
import type { FakeClock } from "../../../lib/clock.js";

/** Advances `clock` by `stepMs` whenever the work is idle, until `work` settles. */
export async function driveClock<T>(work: Promise<T>, clock: FakeClock, stepMs = 500): Promise<T> {
  const state = { settled: false };
  const tracked = work.finally(() => {
    state.settled = true;
  });
  tracked.catch(() => undefined);
  for (;;) {
    await yieldToEvents();
    if (state.settled) return tracked;
    clock.advance(stepMs);
  }
}
