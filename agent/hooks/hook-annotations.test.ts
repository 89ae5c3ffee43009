import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { silentLogger } from "../../lib/log.js";
import {
  backupHookFromAnnotations,
  parseHookCommand,
  restoreExecHookFromAnnotations,
} from "./hook-annotations.js";
import { compileHookSelector } from "./hook-selector.js";
import { HookTracker } from "./hook-tracker.js";

describe("hook command annotations", () => {
  const cases: [string, string, string[]][] = [
    [
      "a plain value is one argument",
      "/bin/fsfreeze --freeze /data",
      ["/bin/fsfreeze --freeze /data"],
    ],
    ["a JSON array is the argv", '["sh", "-c", "echo hi"]', ["sh", "-c", "echo hi"]],
    ["a value starting with [ that is not JSON stays whole", "[oops", ["[oops"]],
    ["a JSON array of non-strings stays whole", "[1, 2]", ["[1, 2]"]],
  ];
  for (const [name, value, expected] of cases) {
    test(name, () => {
      assert.deepEqual(parseHookCommand(value), expected);
    });
  }
});

describe("backup hooks from pod annotations", () => {
  test("the pre phase reads the pre.-prefixed keys with their container, on-error and timeout", () => {
    const hook = backupHookFromAnnotations(
      {
        "pre.hook.backup.velero.io/container": "db",
        "pre.hook.backup.velero.io/command": '["sh","-c","sync"]',
        "pre.hook.backup.velero.io/on-error": "Continue",
        "pre.hook.backup.velero.io/timeout": "90s",
      },
      "pre",
      silentLogger,
    );
    assert.deepEqual(hook, {
      command: ["sh", "-c", "sync"],
      container: "db",
      onError: "Continue",
      timeout: "1m30s",
    });
  });

  test("the legacy un-prefixed keys are a pre hook, and only when no pre. command is set", () => {
    const legacy = { "hook.backup.velero.io/command": "legacy" };
    assert.deepEqual(backupHookFromAnnotations(legacy, "pre", silentLogger), {
      command: ["legacy"],
    });
    assert.equal(backupHookFromAnnotations(legacy, "post", silentLogger), undefined);
    const both = { ...legacy, "pre.hook.backup.velero.io/command": "phased" };
    assert.deepEqual(backupHookFromAnnotations(both, "pre", silentLogger)?.command, ["phased"]);
  });

  test("the post phase reads only the post.-prefixed keys", () => {
    const annotations = {
      "pre.hook.backup.velero.io/command": "before",
      "post.hook.backup.velero.io/command": "after",
    };
    assert.deepEqual(backupHookFromAnnotations(annotations, "post", silentLogger), {
      command: ["after"],
    });
  });

  test("an unknown on-error is dropped and an invalid timeout is logged and ignored", () => {
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (message: string) => warnings.push(message) };
    const hook = backupHookFromAnnotations(
      {
        "pre.hook.backup.velero.io/command": "x",
        "pre.hook.backup.velero.io/on-error": "Explode",
        "pre.hook.backup.velero.io/timeout": "soon",
      },
      "pre",
      log,
    );
    assert.deepEqual(hook, { command: ["x"] });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? "", /^Unable to parse provided timeout soon, using default/);
  });

  test("a pod without a command annotation has no hook", () => {
    assert.equal(
      backupHookFromAnnotations(
        { "pre.hook.backup.velero.io/container": "c" },
        "pre",
        silentLogger,
      ),
      undefined,
    );
    assert.equal(backupHookFromAnnotations(undefined, "pre", silentLogger), undefined);
  });
});

describe("restore exec hooks from pod annotations", () => {
  test("every key is read and wait-for-ready parses as Go's ParseBool", () => {
    const hook = restoreExecHookFromAnnotations(
      {
        "post.hook.restore.velero.io/command": '["/bin/check"]',
        "post.hook.restore.velero.io/container": "app",
        "post.hook.restore.velero.io/on-error": "Fail",
        "post.hook.restore.velero.io/exec-timeout": "45s",
        "post.hook.restore.velero.io/wait-timeout": "2m",
        "post.hook.restore.velero.io/wait-for-ready": "T",
      },
      silentLogger,
    );
    assert.deepEqual(hook, {
      command: ["/bin/check"],
      container: "app",
      onError: "Fail",
      execTimeout: "45s",
      waitTimeout: "2m0s",
      waitForReady: true,
    });
  });

  test("without wait-for-ready the hook does not wait for readiness", () => {
    const hook = restoreExecHookFromAnnotations(
      { "post.hook.restore.velero.io/command": "x" },
      silentLogger,
    );
    assert.deepEqual(hook, { command: ["x"], waitForReady: false });
  });
});

describe("hook selectors", () => {
  const cases: [string, Parameters<typeof compileHookSelector>[0], boolean][] = [
    ["an empty spec applies to every pod", {}, true],
    ["a namespace glob that matches", { includedNamespaces: ["ap*"] }, true],
    ["an excluded namespace", { excludedNamespaces: ["app"] }, false],
    ["pods named by short name", { includedResources: ["po"] }, true],
    ["only other resources", { includedResources: ["deployments"] }, false],
    ["pods excluded", { excludedResources: ["pods"] }, false],
    ["a label selector that matches", { labelSelector: { matchLabels: { tier: "db" } } }, true],
    ["a label selector that does not", { labelSelector: { matchLabels: { tier: "web" } } }, false],
  ];
  for (const [name, spec, expected] of cases) {
    test(name, () => {
      const applies = compileHookSelector(spec);
      assert.equal(applies({ namespace: "app", labels: { tier: "db" } }), expected);
    });
  }
});

describe("hook tracker", () => {
  const key = {
    namespace: "ns",
    pod: "p",
    container: "",
    source: "spec" as const,
    name: "h",
    phase: "pre",
    index: 0,
  };

  test("hooks count as attempted when registered and failed when their run failed", () => {
    const tracker = new HookTracker();
    tracker.add(key);
    tracker.add(key);
    tracker.add({ ...key, index: 1 });
    assert.equal(tracker.record(key, true), true);
    assert.equal(tracker.record(key, false), true);
    assert.deepEqual(tracker.status(), { hooksAttempted: 2, hooksFailed: 1 });
    assert.equal(tracker.complete, false);
  });

  test("a record of an unregistered hook is refused and no hooks means an empty status", () => {
    const tracker = new HookTracker();
    assert.equal(tracker.record(key, true), false);
    assert.deepEqual(tracker.status(), {});
    assert.equal(tracker.complete, true);
  });
});
