import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { RestoreResourceHookSpec } from "../../lib/api/index.js";
import { systemClock } from "../../lib/clock.js";
import { InvalidInputError } from "../../lib/errors.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { createLogger, silentLogger } from "../../lib/log.js";
import { HookTracker } from "./hook-tracker.js";
import type { PodExec, PodExecRequest, PodExecResult } from "./pod-exec.js";
import { runRestoreExecHooks } from "./restore-exec-hooks.js";
import { addRestoreInitHooks, restoreInitHookErrors } from "./restore-init-hooks.js";

interface PodOptions {
  namespace?: string;
  annotations?: Record<string, string>;
  initContainers?: Record<string, unknown>[];
  statuses?: { name: string; running?: boolean; ready?: boolean }[];
  phase?: string;
}

function pod(options: PodOptions = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "app-0",
      namespace: options.namespace ?? "shop",
      labels: { app: "shop" },
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
    },
    spec: {
      containers: [{ name: "app" }, { name: "proxy" }],
      ...(options.initContainers === undefined ? {} : { initContainers: options.initContainers }),
    },
    status: {
      phase: options.phase ?? "Running",
      containerStatuses: (options.statuses ?? []).map((s) => ({
        name: s.name,
        ready: s.ready ?? false,
        state: s.running === true ? { running: {} } : { waiting: { reason: "PodInitializing" } },
      })),
    },
  };
}

function initContainerNames(result: KubeObject): unknown[] {
  const spec = (result as { spec?: { initContainers?: { name: string }[] } }).spec;
  return (spec?.initContainers ?? []).map((c) => c.name);
}

describe("restore init hooks", () => {
  const restoreWait = { name: "restore-wait", image: "velero/velero" };
  const own = { name: "own-init", image: "busybox", command: ["true"] };

  test("an annotation hook goes after restore-wait and before the pod's own init containers", () => {
    const result = addRestoreInitHooks(
      pod({
        initContainers: [restoreWait, own],
        annotations: {
          "init.hook.restore.velero.io/container-image": "alpine:3",
          "init.hook.restore.velero.io/container-name": "prepare",
          "init.hook.restore.velero.io/command": '["sh","-c","echo ready"]',
        },
      }),
      { hooks: [], log: silentLogger },
    );
    assert.deepEqual(initContainerNames(result), ["restore-wait", "prepare", "own-init"]);
    const spec = (result as unknown as { spec: { initContainers: unknown[] } }).spec;
    assert.deepEqual(spec.initContainers[1], {
      image: "alpine:3",
      name: "prepare",
      command: ["sh", "-c", "echo ready"],
    });
  });

  test("an annotation hook without a name gets Velero's generated name", () => {
    const result = addRestoreInitHooks(
      pod({ annotations: { "init.hook.restore.velero.io/container-image": "alpine:3" } }),
      { hooks: [], log: silentLogger, nameSuffix: () => "deadfeed" },
    );
    assert.deepEqual(initContainerNames(result), ["velero-restore-init-deadfeed"]);
  });

  test("spec init hooks apply in the namespace the pod is restored into", () => {
    const hooks: RestoreResourceHookSpec[] = [
      {
        name: "seed",
        includedNamespaces: ["shop-copy"],
        labelSelector: { matchLabels: { app: "shop" } },
        postHooks: [
          { init: { initContainers: [{ name: "seed", image: "busybox", command: ["x"] }] } },
        ],
      },
      {
        name: "other",
        labelSelector: { matchLabels: { app: "other" } },
        postHooks: [
          { init: { initContainers: [{ name: "no", image: "busybox", command: ["x"] }] } },
        ],
      },
    ];
    const mapped = addRestoreInitHooks(pod(), {
      hooks,
      namespaceMapping: { shop: "shop-copy" },
      log: silentLogger,
    });
    assert.deepEqual(initContainerNames(mapped), ["seed"]);
    const unmapped = addRestoreInitHooks(pod(), { hooks, log: silentLogger });
    assert.deepEqual(initContainerNames(unmapped), []);
  });

  test("a spec init container without a command is refused", () => {
    const hooks: RestoreResourceHookSpec[] = [
      { name: "bad", postHooks: [{ init: { initContainers: [{ name: "c", image: "i" }] } }] },
    ];
    assert.throws(
      () => addRestoreInitHooks(pod(), { hooks, log: silentLogger }),
      (error: unknown) =>
        error instanceof InvalidInputError &&
        error.message ===
          "invalid InitContainer in restore hook, it doesn't have Command, Name or Image field",
    );
  });

  test("restore validation names every spec init container without name, image or command", () => {
    const message =
      "invalid InitContainer in restore hook, it doesn't have Command, Name or Image field";
    const hooks: RestoreResourceHookSpec[] = [
      { name: "good", postHooks: [{ init: { initContainers: [own] } }] },
      {
        name: "bad",
        postHooks: [
          {
            init: {
              initContainers: [
                { name: "c", image: "i" },
                { image: "i", command: ["x"] },
              ],
            },
          },
          { exec: { command: ["true"] } },
        ],
      },
    ];
    assert.deepEqual(restoreInitHookErrors(hooks), [message, message]);
    assert.deepEqual(restoreInitHookErrors([hooks[0] as RestoreResourceHookSpec]), []);
  });

  test("a pod without hooks is returned as it was, and the input is never changed", () => {
    const original = pod();
    const result = addRestoreInitHooks(original, { hooks: [], log: silentLogger });
    assert.deepEqual(result, original);
    assert.notEqual(result, original);
    const withInit = pod({ initContainers: [own] });
    addRestoreInitHooks(withInit, {
      hooks: [],
      log: silentLogger,
    });
    assert.deepEqual(initContainerNames(withInit), ["own-init"]);
  });
});

/** The pod's successive states, the last one repeating. */
function podStates(...states: (KubeObject | undefined)[]): () => Promise<KubeObject | undefined> {
  let index = 0;
  return () => Promise.resolve(states[Math.min(index++, states.length - 1)]);
}

function fakeExec(results: PodExecResult[] = []): { exec: PodExec; calls: PodExecRequest[] } {
  const calls: PodExecRequest[] = [];
  return {
    calls,
    exec: (request) => {
      calls.push(request);
      return Promise.resolve(results.shift() ?? { stdout: "", stderr: "" });
    },
  };
}

function execOptions(options: {
  pod: KubeObject;
  hooks?: RestoreResourceHookSpec[];
  exec: PodExec;
  getPod: () => Promise<KubeObject | undefined>;
}): Parameters<typeof runRestoreExecHooks>[0] & { tracker: HookTracker; lines: string[] } {
  const lines: string[] = [];
  return {
    pod: options.pod,
    hooks: options.hooks ?? [],
    exec: options.exec,
    getPod: options.getPod,
    tracker: new HookTracker(),
    log: createLogger({ sink: (line) => lines.push(line) }),
    clock: systemClock,
    signal: new AbortController().signal,
    pollMs: 5,
    lines,
  };
}

describe("restore exec hooks", () => {
  const annotated = {
    "post.hook.restore.velero.io/command": '["sh","-c","echo restored"]',
  };

  test("the annotation hook runs in the first container once it is running", async () => {
    const { exec, calls } = fakeExec();
    const options = execOptions({
      pod: pod({ annotations: annotated }),
      exec,
      getPod: podStates(
        pod({ statuses: [{ name: "app" }] }),
        pod({ statuses: [{ name: "app", running: true }] }),
      ),
    });
    assert.deepEqual(await runRestoreExecHooks(options), []);
    assert.deepEqual(
      calls.map((c) => [c.container, c.command]),
      [["app", ["sh", "-c", "echo restored"]]],
    );
    assert.deepEqual(options.tracker.status(), { hooksAttempted: 1 });
    assert.ok(options.lines.some((l) => l.includes("Container app is not up")));
  });

  test("spec hooks run per container, and waitForReady waits for readiness", async () => {
    const hooks: RestoreResourceHookSpec[] = [
      {
        name: "warm",
        postHooks: [
          { exec: { command: ["first"] } },
          { exec: { container: "proxy", command: ["second"], waitForReady: true } },
        ],
      },
    ];
    const { exec, calls } = fakeExec();
    const running = [
      { name: "app", running: true },
      { name: "proxy", running: true },
    ];
    const ready = running.map((s) => ({ ...s, ready: true }));
    const options = execOptions({
      pod: pod(),
      hooks,
      exec,
      getPod: podStates(pod({ statuses: running }), pod({ statuses: ready })),
    });
    assert.deepEqual(await runRestoreExecHooks(options), []);
    assert.deepEqual(
      calls.map((c) => [c.container, c.command[0]]),
      [
        ["app", "first"],
        ["proxy", "second"],
      ],
    );
    assert.deepEqual(options.tracker.status(), { hooksAttempted: 2 });
  });

  test("a failed hook with onError Fail stops the container's later hooks, which count as failed", async () => {
    const hooks: RestoreResourceHookSpec[] = [
      {
        name: "check",
        postHooks: [{ exec: { command: ["a"], onError: "Fail" } }, { exec: { command: ["b"] } }],
      },
    ];
    const { exec, calls } = fakeExec([
      { stdout: "", stderr: "bad\n", error: "command terminated with exit code 2" },
    ]);
    const options = execOptions({
      pod: pod(),
      hooks,
      exec,
      getPod: podStates(pod({ statuses: [{ name: "app", running: true }] })),
    });
    const errors = await runRestoreExecHooks(options);
    assert.equal(calls.length, 1);
    assert.deepEqual(errors, [
      "hook check in container app failed to execute, err: command terminated with exit code 2, stderr: bad",
      "hook check in container app in pod shop/app-0 not executed: context canceled",
    ]);
    assert.deepEqual(options.tracker.status(), { hooksAttempted: 2, hooksFailed: 2 });
  });

  test("hooks whose container never comes up are not executed once the wait timeout passes", async () => {
    const hooks: RestoreResourceHookSpec[] = [
      { name: "late", postHooks: [{ exec: { command: ["x"], waitTimeout: "50ms" } }] },
    ];
    const { exec, calls } = fakeExec();
    const options = execOptions({
      pod: pod(),
      hooks,
      exec,
      getPod: podStates(pod({ statuses: [{ name: "app" }] })),
    });
    const errors = await runRestoreExecHooks(options);
    assert.equal(calls.length, 0);
    assert.deepEqual(errors, [
      "hook late in container app in pod shop/app-0 not executed: context deadline exceeded",
    ]);
  });

  test("hooks for a container the pod lacks are discarded with a warning", async () => {
    const hooks: RestoreResourceHookSpec[] = [
      { name: "ghost", postHooks: [{ exec: { container: "nope", command: ["x"] } }] },
    ];
    const { exec } = fakeExec();
    const options = execOptions({ pod: pod(), hooks, exec, getPod: podStates(undefined) });
    assert.deepEqual(await runRestoreExecHooks(options), []);
    assert.ok(
      options.lines.some((l) =>
        l.includes("does not have container nope: discarding post-restore exec hooks"),
      ),
    );
  });

  test("a pod deleted or finished before its hooks ran leaves them not executed", async () => {
    for (const state of [undefined, pod({ phase: "Succeeded" })]) {
      const { exec } = fakeExec();
      const options = execOptions({
        pod: pod({ annotations: annotated }),
        exec,
        getPod: podStates(state),
      });
      const errors = await runRestoreExecHooks(options);
      assert.equal(errors.length, 1);
      assert.match(
        errors[0] ?? "",
        /^hook <from-annotation> in container app in pod shop\/app-0 not executed/,
      );
      assert.deepEqual(options.tracker.status(), { hooksAttempted: 1, hooksFailed: 1 });
    }
  });
});
