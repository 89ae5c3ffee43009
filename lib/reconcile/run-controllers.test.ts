import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLogger } from "../log.js";
import { runControllers, type RunnableController } from "./run-controllers.js";

function waitingController(name: string, stopped: string[]): RunnableController {
  return {
    name,
    run: (signal) =>
      new Promise((resolve) => {
        signal.addEventListener("abort", () => {
          stopped.push(name);
          resolve();
        });
      }),
  };
}

describe("runControllers", () => {
  it("logs a controller that fails and keeps the others running until the signal aborts", async () => {
    const lines: string[] = [];
    const logger = createLogger({ format: "json", sink: (line) => lines.push(line) });
    const stopped: string[] = [];
    const failing: RunnableController = {
      name: "broken",
      run: () => Promise.reject(new Error("informer gone")),
    };
    const abort = new AbortController();
    const running = runControllers(
      [waitingController("a", stopped), failing, waitingController("b", stopped)],
      abort.signal,
      logger,
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(stopped, []);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(logged.length, 1);
    const [entry] = logged;
    assert.ok(entry !== undefined);
    assert.equal(entry["msg"], "controller stopped with an error");
    assert.equal(entry["controller"], "broken");
    assert.equal(entry["error"], "informer gone");
    abort.abort();
    await running;
    assert.deepEqual(stopped.sort(), ["a", "b"]);
  });
});
