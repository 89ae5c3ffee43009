import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Backup, BackupResourceHookSpec, PodVolumeBackup } from "../../lib/api/index.js";
import { systemClock } from "../../lib/clock.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { createLogger } from "../../lib/log.js";
import { createBackupHookRunner } from "./backup-hook-runner.js";
import type { PodExec, PodExecRequest, PodExecResult } from "./pod-exec.js";

type Line = Record<string, unknown> & { level: string; msg: string };

function recordingLog(): { log: ReturnType<typeof createLogger>; lines: Line[] } {
  const lines: Line[] = [];
  const log = createLogger({
    level: "debug",
    sink: (line) => lines.push(JSON.parse(line) as Line),
  });
  return { log, lines };
}

function backupWith(resources: BackupResourceHookSpec[] = []): Backup {
  return {
    apiVersion: "velero.io/v1",
    kind: "Backup",
    metadata: { name: "b1", namespace: "velero" },
    spec: { hooks: { resources } },
  };
}

function pod(options: { annotations?: Record<string, string>; phase?: string } = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "db-0",
      namespace: "app",
      uid: "uid-1",
      labels: { tier: "db" },
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
    },
    spec: { containers: [{ name: "db" }, { name: "sidecar" }] },
    status: { phase: options.phase ?? "Running" },
  };
}

/** A PodExec that records requests and answers from `results` in order. */
function fakeExec(results: PodExecResult[] = []): { exec: PodExec; calls: PodExecRequest[] } {
  const calls: PodExecRequest[] = [];
  const exec: PodExec = (request) => {
    calls.push(request);
    return Promise.resolve(results.shift() ?? { stdout: "ok\n", stderr: "" });
  };
  return { exec, calls };
}

function runner(
  backup: Backup,
  exec: PodExec,
  extra: { podVolumeBackups?: () => Promise<readonly PodVolumeBackup[]> } = {},
): { hooks: ReturnType<typeof createBackupHookRunner>; lines: Line[] } {
  const { log, lines } = recordingLog();
  const hooks = createBackupHookRunner({
    backup,
    exec,
    log,
    signal: new AbortController().signal,
    clock: systemClock,
    pollMs: 5,
    ...extra,
  });
  return { hooks, lines };
}

const specHooks: BackupResourceHookSpec = {
  name: "freeze",
  includedNamespaces: ["app"],
  labelSelector: { matchLabels: { tier: "db" } },
  pre: [
    { exec: { command: ["first"], onError: "Fail" } },
    { exec: { container: "sidecar", command: ["second"] } },
  ],
  post: [{ exec: { command: ["unfreeze"] } }],
};

describe("backup hook runner", () => {
  test("a pod's annotation hook takes precedence over the spec's hooks", async () => {
    const { exec, calls } = fakeExec();
    const { hooks } = runner(backupWith([specHooks]), exec);
    const ok = await hooks.runPre(
      pod({ annotations: { "pre.hook.backup.velero.io/command": '["sh","-c","sync"]' } }),
    );
    assert.equal(ok, true);
    assert.deepEqual(
      calls.map((c) => [c.namespace, c.pod, c.container, c.command]),
      [["app", "db-0", "db", ["sh", "-c", "sync"]]],
    );
    assert.deepEqual(hooks.status(), { hooksAttempted: 1 });
  });

  test("spec hooks run in order, in the first container unless one is named", async () => {
    const { exec, calls } = fakeExec();
    const { hooks, lines } = runner(backupWith([specHooks]), exec);
    assert.equal(await hooks.runPre(pod()), true);
    assert.deepEqual(
      calls.map((c) => [c.container, c.command[0]]),
      [
        ["db", "first"],
        ["sidecar", "second"],
      ],
    );
    const running = lines.filter((l) => l.msg === "running exec hook");
    assert.deepEqual(
      running.map((l) => [l["hookName"], l["hookSource"], l["hookPhase"], l["hookOnError"]]),
      [
        ["freeze", "spec", "pre", "Fail"],
        ["freeze", "spec", "pre", "Fail"],
      ],
    );
    assert.equal(running[0]?.["hookTimeout"], "{30s}");
    assert.ok(lines.some((l) => l.msg === "stdout: ok\n"));
    assert.deepEqual(hooks.status(), { hooksAttempted: 2 });
  });

  test("a failed spec hook with onError Fail stops the pod's later hooks and fails the pod", async () => {
    const { exec, calls } = fakeExec([
      { stdout: "", stderr: "cannot freeze\n", error: "command terminated with exit code 1" },
    ]);
    const { hooks, lines } = runner(backupWith([specHooks]), exec);
    assert.equal(await hooks.runPre(pod()), false);
    assert.equal(calls.length, 1);
    assert.ok(lines.some((l) => l.level === "info" && l.msg === "stderr: cannot freeze\n"));
    const errors = lines.filter((l) => l.level === "error");
    assert.deepEqual(
      errors.map((l) => [l.msg, l["error"]]),
      [
        ["Error executing hook", "command terminated with exit code 1"],
        ["Error running pre hooks for pod", "command terminated with exit code 1"],
      ],
    );
    assert.deepEqual(hooks.status(), { hooksAttempted: 2, hooksFailed: 1 });
  });

  test("a failed hook with onError Continue is logged and the pod goes on", async () => {
    const { exec } = fakeExec([{ stdout: "", stderr: "", error: "boom" }]);
    const { hooks, lines } = runner(
      backupWith([{ name: "h", pre: [{ exec: { command: ["x"], onError: "Continue" } }] }]),
      exec,
    );
    assert.equal(await hooks.runPre(pod()), true);
    assert.equal(lines.filter((l) => l.level === "error").length, 1);
    assert.deepEqual(hooks.status(), { hooksAttempted: 1, hooksFailed: 1 });
  });

  test("an annotation hook without on-error logs its failure but does not fail the pod, as in Velero", async () => {
    const { exec } = fakeExec([{ stdout: "", stderr: "", error: "boom" }]);
    const { hooks, lines } = runner(backupWith(), exec);
    const annotated = pod({ annotations: { "pre.hook.backup.velero.io/command": "x" } });
    assert.equal(await hooks.runPre(annotated), true);
    assert.deepEqual(
      lines.filter((l) => l.level === "error").map((l) => l.msg),
      ["Error executing hook"],
    );
  });

  test("a hook naming a container the pod lacks fails without running", async () => {
    const { exec, calls } = fakeExec();
    const { hooks, lines } = runner(backupWith(), exec);
    const annotated = pod({
      annotations: {
        "pre.hook.backup.velero.io/command": "x",
        "pre.hook.backup.velero.io/container": "nope",
        "pre.hook.backup.velero.io/on-error": "Fail",
      },
    });
    assert.equal(await hooks.runPre(annotated), false);
    assert.equal(calls.length, 0);
    assert.ok(lines.some((l) => l["error"] === 'no such container: "nope"'));
  });

  test("a hook that outlives its timeout fails with Velero's message and its stream is closed", async () => {
    let aborted = false;
    const exec: PodExec = (request) =>
      new Promise((_resolve, reject) => {
        request.signal.addEventListener("abort", () => {
          aborted = true;
          reject(new Error("closed"));
        });
      });
    const { hooks, lines } = runner(
      backupWith([{ name: "slow", pre: [{ exec: { command: ["sleep"], timeout: "50ms" } }] }]),
      exec,
    );
    assert.equal(await hooks.runPre(pod()), true);
    assert.equal(aborted, true);
    assert.ok(lines.some((l) => l["error"] === "timed out after 50ms"));
  });

  test("hooks of a pod that already finished are skipped", async () => {
    const { exec, calls } = fakeExec();
    const { hooks, lines } = runner(backupWith([specHooks]), exec);
    assert.equal(await hooks.runPre(pod({ phase: "Succeeded" })), true);
    assert.equal(calls.length, 0);
    assert.ok(
      lines.some(
        (l) => l.msg === "Pod entered phase Succeeded before some post-backup exec hooks ran",
      ),
    );
  });

  test("post hooks wait until the pod's PodVolumeBackups are done", async () => {
    const { exec, calls } = fakeExec();
    let polls = 0;
    const pvb = (phase: string): PodVolumeBackup =>
      ({
        spec: { pod: { uid: "uid-1" } },
        status: { phase },
      }) as unknown as PodVolumeBackup;
    const { hooks } = runner(backupWith([specHooks]), exec, {
      podVolumeBackups: () => {
        polls++;
        return Promise.resolve([pvb(polls < 3 ? "InProgress" : "Completed")]);
      },
    });
    await hooks.runPost(pod());
    assert.equal(polls, 3);
    assert.deepEqual(
      calls.map((c) => c.command),
      [["unfreeze"]],
    );
  });

  test("pods no hook applies to cost nothing", async () => {
    const { exec, calls } = fakeExec();
    let polls = 0;
    const { hooks } = runner(backupWith([{ ...specHooks, includedNamespaces: ["other"] }]), exec, {
      podVolumeBackups: () => {
        polls++;
        return Promise.resolve([]);
      },
    });
    assert.equal(await hooks.runPre(pod()), true);
    await hooks.runPost(pod());
    assert.equal(calls.length, 0);
    assert.equal(polls, 0);
    assert.deepEqual(hooks.status(), {});
  });
});
