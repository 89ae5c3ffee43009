import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { FakeClock } from "../clock.js";
import {
  BucketNotFoundError,
  ObjectNotFoundError,
  StorageAuthError,
  StorageConfigError,
  StorageUnavailableError,
} from "./errors.js";
import { MemoryObjectStore } from "./memory/memory-object-store.js";
import { listAll, readObject } from "./object-store.js";
import { RetryingObjectStore } from "./retrying-object-store.js";
import { FaultInjectingObjectStore } from "./testing/fault-injecting-object-store.js";

const unavailable = (): Error => new StorageUnavailableError("503 SlowDown");

/** Resolves `promise` while moving the fake clock forward whenever the decorator sleeps. */
async function withTime<T>(clock: FakeClock, promise: Promise<T>): Promise<T> {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  while (!state.settled) {
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(1_000);
  }
  return promise;
}

function setup(policy = {}): {
  clock: FakeClock;
  faulty: FaultInjectingObjectStore;
  store: RetryingObjectStore;
  memory: MemoryObjectStore;
} {
  const clock = new FakeClock();
  const memory = new MemoryObjectStore();
  const faulty = new FaultInjectingObjectStore(memory);
  const store = new RetryingObjectStore(faulty, { clock, random: () => 0.5, policy });
  return { clock, faulty, store, memory };
}

describe("RetryingObjectStore", () => {
  it("retries a put of bytes after two unavailable errors and stores the object once", async () => {
    const { clock, faulty, store, memory } = setup();
    faulty.failNext("put", unavailable, 2);
    await withTime(clock, store.put("k", "v"));
    assert.equal(faulty.calls.put, 3);
    assert.equal((await readObject(memory, "k")).toString(), "v");
  });

  for (const [name, error] of [
    ["not-found", () => new ObjectNotFoundError("k")],
    ["missing-bucket", () => new BucketNotFoundError("b")],
    ["auth", () => new StorageAuthError("SignatureDoesNotMatch")],
    ["config", () => new StorageConfigError("bad key")],
    ["unknown", () => new Error("a bug")],
  ] as const) {
    it(`never retries a ${name} error`, async () => {
      const { clock, faulty, store } = setup();
      faulty.failNext("get", error, 5);
      await assert.rejects(withTime(clock, store.get("k")), error().constructor as typeof Error);
      assert.equal(faulty.calls.get, 1);
    });
  }

  it("gives up after maxAttempts and rethrows the last retryable error", async () => {
    const { clock, faulty, store } = setup({ maxAttempts: 3 });
    faulty.failNext("exists", unavailable, 10);
    await assert.rejects(withTime(clock, store.exists("k")), StorageUnavailableError);
    assert.equal(faulty.calls.exists, 3);
  });

  it("stops retrying when the next delay would pass maxElapsedMs", async () => {
    const { clock, faulty, store } = setup({ maxAttempts: 50, maxElapsedMs: 5_000 });
    faulty.failNext("delete", unavailable, 50);
    const started = clock.now().getTime();
    await assert.rejects(withTime(clock, store.delete("k")), StorageUnavailableError);
    assert.ok(faulty.calls.delete < 10, `attempted ${faulty.calls.delete} times`);
    assert.ok(clock.now().getTime() - started <= 5_000 + 1_000);
  });

  it("sleeps on the injected clock with doubling, capped, jittered delays", () => {
    const store = new RetryingObjectStore(new MemoryObjectStore(), {
      policy: { initialDelayMs: 100, maxDelayMs: 1_000 },
      random: () => 1,
    });
    assert.deepEqual(
      [2, 3, 4, 5, 6, 7].map((n) => store.delayBefore(n)),
      [100, 200, 400, 800, 1_000, 1_000],
    );
    const low = new RetryingObjectStore(new MemoryObjectStore(), {
      policy: { initialDelayMs: 100 },
      random: () => 0,
    });
    assert.equal(low.delayBefore(3), 100);
  });

  it("attempts a stream put once, since a consumed stream cannot be replayed", async () => {
    const { clock, faulty, store } = setup();
    faulty.failNext("put", unavailable, 1);
    await assert.rejects(
      withTime(clock, store.put("k", Readable.from(["data"]))),
      StorageUnavailableError,
    );
    assert.equal(faulty.calls.put, 1);
  });

  it("resumes a listing that failed midway and yields every key exactly once", async () => {
    const { clock, faulty, store, memory } = setup();
    const keys = Array.from({ length: 25 }, (_, i) => `p/${String(i).padStart(3, "0")}`);
    for (const key of keys) await memory.put(key, "x");
    faulty.failNext("list", unavailable, 1, 10);
    faulty.failNext("list", unavailable, 1, 17);
    const listed = await withTime(clock, listAll(store, "p/"));
    assert.deepEqual(
      listed.map((i) => i.key),
      keys,
    );
    assert.equal(faulty.calls.list, 3);
  });

  it("keeps the inner store's description, which names no secret", () => {
    const store = new RetryingObjectStore(new MemoryObjectStore("bkt"));
    assert.equal(store.description, 'memory bucket "bkt"');
  });
});
