import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Restore, RestoreResourceHookSpec } from "../../lib/api/index.js";
import { systemClock } from "../../lib/clock.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { createLogger } from "../../lib/log.js";
import type { PodExec, PodExecRequest } from "./pod-exec.js";
import { RestoreHookRunner, type RestoreHookRunnerOptions } from "./restore-hook-runner.js";

function restoreWith(
  resources: RestoreResourceHookSpec[],
  namespaceMapping?: Record<string, string>,
): Restore {
  return {
    apiVersion: "velero.io/v1",
    kind: "Restore",
    metadata: { name: "r1", namespace: "velero" },
    spec: {
      backupName: "b1",
      hooks: { resources },
      ...(namespaceMapping === undefined ? {} : { namespaceMapping }),
    },
  };
}

function pod(namespace: string, name: string, running = false): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { namespace, name, labels: { app: name } },
    spec: { containers: [{ name: "app" }] },
    status: {
      phase: "Running",
      containerStatuses: [
        { name: "app", ready: running, state: running ? { running: {} } : { waiting: {} } },
      ],
    },
  };
}

function runner(
  restore: Restore,
  options: Partial<RestoreHookRunnerOptions> & { up?: Set<string> } = {},
): { runner: RestoreHookRunner; calls: PodExecRequest[]; lines: string[] } {
  const calls: PodExecRequest[] = [];
  const lines: string[] = [];
  const exec: PodExec = (request) => {
    calls.push(request);
    const failing = request.command[0] === "fail";
    return Promise.resolve({
      stdout: "",
      stderr: failing ? "no database\n" : "",
      ...(failing ? { error: "command terminated with exit code 3" } : {}),
    });
  };
  const up = options.up ?? new Set<string>();
  return {
    calls,
    lines,
    runner: new RestoreHookRunner({
      restore,
      exec,
      getPod: (namespace, name) => Promise.resolve(pod(namespace, name, up.has(name))),
      log: createLogger({ sink: (line) => lines.push(line) }),
      clock: systemClock,
      signal: new AbortController().signal,
      pollMs: 5,
      ...options,
    }),
  };
}

function initNames(object: KubeObject): string[] {
  const spec = (object as { spec?: { initContainers?: { name: string }[] } }).spec;
  return (spec?.initContainers ?? []).map((c) => c.name);
}

describe("the restore hook runner", () => {
  test("adds the spec's init containers to a pod whose target namespace the hook selects", () => {
    const init = { name: "prepare", image: "busybox", command: ["true"] };
    const restore = restoreWith(
      [
        {
          name: "prep",
          includedNamespaces: ["store"],
          postHooks: [{ init: { initContainers: [init] } }],
        },
      ],
      { shop: "store" },
    );
    const { runner: hooks } = runner(restore);
    assert.deepEqual(initNames(hooks.withInitHooks(pod("shop", "db"))), ["prepare"]);
    assert.deepEqual(initNames(hooks.withInitHooks(pod("other", "db"))), []);
  });

  test("resolves with no errors and an empty hook status when no pod has hooks", async () => {
    const { runner: hooks } = runner(restoreWith([]));
    hooks.startExecHooks(pod("shop", "db", true));
    assert.deepEqual(await hooks.wait(), { errors: [], hookStatus: {} });
  });

  test("runs every pod's hooks and counts them", async () => {
    const restore = restoreWith([{ name: "warm", postHooks: [{ exec: { command: ["ok"] } }] }]);
    const { runner: hooks, calls } = runner(restore, { up: new Set(["a", "b"]) });
    hooks.startExecHooks(pod("shop", "a"));
    hooks.startExecHooks(pod("shop", "b"));
    assert.deepEqual(await hooks.wait(), { errors: [], hookStatus: { hooksAttempted: 2 } });
    assert.deepEqual(calls.map((c) => c.pod).sort(), ["a", "b"]);
  });

  test("a failing hook (even with onError Continue) cancels the hooks still waiting in other pods, as Velero's shared hooks context", async () => {
    const restore = restoreWith([
      { name: "check", postHooks: [{ exec: { command: ["fail"], onError: "Continue" } }] },
    ]);
    const { runner: hooks, lines } = runner(restore, { up: new Set(["a"]) });
    hooks.startExecHooks(pod("shop", "a"));
    hooks.startExecHooks(pod("blog", "b"));
    const results = await hooks.wait();
    assert.deepEqual(results.errors, [
      {
        namespace: "shop",
        message:
          "hook check in container app failed to execute, err: command terminated with exit code 3, stderr: no database",
      },
      {
        namespace: "blog",
        message: "hook check in container app in pod blog/b not executed: context canceled",
      },
    ]);
    assert.deepEqual(results.hookStatus, { hooksAttempted: 2, hooksFailed: 2 });
    assert.ok(lines.some((l) => l.includes("unable to successfully execute post-restore hooks")));
  });

  test("hooks without a wait timeout give up at the runner's limit", async () => {
    const restore = restoreWith([{ name: "late", postHooks: [{ exec: { command: ["ok"] } }] }]);
    const { runner: hooks, calls } = runner(restore, { limitMs: 50 });
    hooks.startExecHooks(pod("shop", "a"));
    const results = await hooks.wait();
    assert.equal(calls.length, 0);
    assert.deepEqual(results.errors, [
      {
        namespace: "shop",
        message: "hook late in container app in pod shop/a not executed: context deadline exceeded",
      },
    ]);
  });

  test("cancel gives up waiting hooks at once", async () => {
    const restore = restoreWith([{ name: "late", postHooks: [{ exec: { command: ["ok"] } }] }]);
    const { runner: hooks } = runner(restore);
    hooks.startExecHooks(pod("shop", "a"));
    hooks.cancel();
    const results = await hooks.wait();
    assert.match(results.errors[0]?.message ?? "", /not executed: context canceled$/);
  });

  test("wait rejects when the agent stops", async () => {
    const restore = restoreWith([{ name: "late", postHooks: [{ exec: { command: ["ok"] } }] }]);
    const stop = new AbortController();
    const { runner: hooks } = runner(restore, { signal: stop.signal });
    hooks.startExecHooks(pod("shop", "a"));
    const waiting = hooks.wait();
    stop.abort(new Error("stopping"));
    await assert.rejects(waiting, /stopping/);
  });
});
