import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Backup, PodVolumeBackup, PodVolumeBackupStatus } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { createLogger, type Logger } from "../../lib/log.js";
import { backupExcludesClaims } from "./agent-pod-volume-backups.js";
import type { ClaimView } from "./claim-reader.js";
import { podVolumeBackups, type PodVolumeBackupsDeps } from "./pod-volume-backups.js";

interface Line {
  level: string;
  msg: string;
}

function capture(): { log: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const log = createLogger({
    level: "debug",
    sink: (line) => {
      const record = JSON.parse(line) as Record<string, string>;
      lines.push({ level: record["level"] ?? "", msg: record["msg"] ?? "" });
    },
  });
  return { log, lines };
}

function steppingClock(): Clock {
  let now = Date.parse("2026-01-01T00:00:00Z");
  return {
    now: () => new Date(now),
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

const backup: Backup = {
  apiVersion: "velero.io/v1",
  kind: "Backup",
  metadata: { name: "b1", namespace: "velero", uid: "backup-uid" },
  spec: { storageLocation: "default", defaultVolumesToFsBackup: true },
};

interface TestVolume {
  readonly name: string;
  readonly [source: string]: unknown;
}

function podWith(name: string, volumes: TestVolume[], phase = "Running"): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "app", uid: `${name}-uid` },
    spec: {
      nodeName: "node-1",
      volumes,
      containers: [{ name: "c", volumeMounts: volumes.map((v) => ({ name: v.name })) }],
    },
    status: { phase },
  };
}

const emptyDir = (name: string): TestVolume => ({ name, emptyDir: {} });
const claimVolume = (name: string, claimName: string): TestVolume => ({
  name,
  persistentVolumeClaim: { claimName },
});

class FakeApi {
  readonly created: PodVolumeBackup[] = [];
  lists = 0;
  /** Applied to every created PVB on the n-th list call. */
  finishOn = 2;
  outcome: (pvb: PodVolumeBackup) => PodVolumeBackupStatus = () => ({
    phase: "Completed",
    snapshotID: "snap",
  });
  ensured: string[] = [];
  nodeChecks: string[] = [];

  deps(overrides: Partial<PodVolumeBackupsDeps> = {}): PodVolumeBackupsDeps {
    return {
      pvbs: {
        create: (pvb) => {
          const named = {
            ...pvb,
            metadata: { ...pvb.metadata, name: `b1-${this.created.length}` },
          };
          this.created.push(named);
          return Promise.resolve(named);
        },
        list: (selector) => {
          assert.equal(selector, "velero.io/backup-uid=backup-uid");
          this.lists++;
          if (this.lists < this.finishOn) return Promise.resolve(this.created);
          return Promise.resolve(this.created.map((p) => ({ ...p, status: this.outcome(p) })));
        },
      },
      claims: (namespace, name): Promise<ClaimView | undefined> =>
        Promise.resolve(
          name === "missing"
            ? undefined
            : { name, uid: `${name}-uid`, pvName: `pv-${name}`, block: false, hostPath: false },
        ),
      checkNodeAgent: (node) => {
        this.nodeChecks.push(node);
        return Promise.resolve();
      },
      ensureRepository: (target) => {
        this.ensured.push(`${target.location}/${target.volumeNamespace}`);
        return Promise.resolve();
      },
      clock: steppingClock(),
      ...overrides,
    };
  }
}

describe("the agent's pod volume backupper", () => {
  it("creates one PodVolumeBackup per selected volume, backs a shared claim up once, and returns them with their volume info", async () => {
    const api = new FakeApi();
    const { log, lines } = capture();
    const backupper = podVolumeBackups(api.deps())({ backup, log, timeoutMs: 60_000 });
    await backupper.backupPodVolumes({
      pod: podWith("web-0", [emptyDir("cache"), claimVolume("data", "shared")]),
      log,
    });
    await backupper.backupPodVolumes({
      pod: podWith("web-1", [claimVolume("data", "shared")]),
      log,
    });
    assert.deepEqual(
      api.created.map((p) => [p.spec.pod.name, p.spec.volume]),
      [
        ["web-0", "cache"],
        ["web-0", "data"],
      ],
    );
    assert.deepEqual(api.ensured, ["default/app"]);
    assert.deepEqual(api.nodeChecks, ["node-1", "node-1"]);
    const { metadata } = api.created[1] ?? assert.fail("no second PodVolumeBackup");
    assert.deepEqual(
      [metadata.labels, metadata.annotations, metadata.generateName, metadata.ownerReferences],
      [
        {
          "velero.io/backup-name": "b1",
          "velero.io/backup-uid": "backup-uid",
          "velero.io/pvc-uid": "shared-uid",
        },
        { "velero.io/pvc-name": "shared" },
        "b1-",
        [
          {
            apiVersion: "velero.io/v1",
            kind: "Backup",
            name: "b1",
            uid: "backup-uid",
            controller: true,
          },
        ],
      ],
    );
    const results = await backupper.waitAll(new AbortController().signal);
    assert.deepEqual(
      results.podVolumeBackups.map((p) => p.status?.phase),
      ["Completed", "Completed"],
    );
    assert.deepEqual(
      results.volumeInfos.map((v) => [
        v.backupMethod,
        v.pvcName,
        v.pvName,
        v.pvbInfo?.snapshotHandle,
      ]),
      [
        ["PodVolumeBackup", undefined, undefined, "snap"],
        ["PodVolumeBackup", "shared", "pv-shared", "snap"],
      ],
    );
    assert.ok(lines.some((l) => l.msg.includes("already been backed up from another pod")));
    assert.equal(lines.filter((l) => l.level === "error").length, 0);
  });

  it("skips the volumes of a pod that is not running with a warning and creates nothing", async () => {
    const api = new FakeApi();
    const { log, lines } = capture();
    const backupper = podVolumeBackups(api.deps())({ backup, log, timeoutMs: 60_000 });
    await backupper.backupPodVolumes({ pod: podWith("p", [emptyDir("v")], "Pending"), log });
    assert.equal(api.created.length, 0);
    assert.match(lines[0]?.msg ?? "", /backup for volume v is skipped: .*phase=Pending/);
    assert.deepEqual(await backupper.waitAll(new AbortController().signal), {
      podVolumeBackups: [],
      volumeInfos: [],
    });
  });

  it("reports a failed PodVolumeBackup as an error naming its message", async () => {
    const api = new FakeApi();
    api.outcome = () => ({ phase: "Failed", message: "disk on fire" });
    const { log, lines } = capture();
    const backupper = podVolumeBackups(api.deps())({ backup, log, timeoutMs: 60_000 });
    await backupper.backupPodVolumes({ pod: podWith("p", [emptyDir("v")]), log });
    const results = await backupper.waitAll(new AbortController().signal);
    assert.equal(results.volumeInfos[0]?.result, "failed");
    assert.ok(
      lines.some((l) => l.level === "error" && l.msg === "pod volume backup failed: disk on fire"),
    );
  });

  it("stops waiting at the pod volume timeout with an error and returns what it saw", async () => {
    const api = new FakeApi();
    api.finishOn = Number.POSITIVE_INFINITY;
    const { log, lines } = capture();
    const backupper = podVolumeBackups(api.deps())({ backup, log, timeoutMs: 5_000 });
    await backupper.backupPodVolumes({ pod: podWith("p", [emptyDir("v")]), log });
    const results = await backupper.waitAll(new AbortController().signal);
    assert.equal(results.podVolumeBackups.length, 1);
    assert.equal(results.podVolumeBackups[0]?.status, undefined);
    assert.ok(api.lists >= 5 && api.lists <= 7, `looked ${String(api.lists)} times`);
    assert.ok(
      lines.some(
        (l) =>
          l.level === "error" && l.msg === "timed out waiting for all PodVolumeBackups to complete",
      ),
    );
  });

  it("counts a missing claim as an error of that volume and backs up the others", async () => {
    const api = new FakeApi();
    const { log, lines } = capture();
    const backupper = podVolumeBackups(api.deps())({ backup, log, timeoutMs: 60_000 });
    await backupper.backupPodVolumes({
      pod: podWith("p", [claimVolume("gone", "missing"), emptyDir("v")]),
      log,
    });
    assert.deepEqual(
      api.created.map((p) => p.spec.volume),
      ["v"],
    );
    assert.ok(lines.some((l) => l.level === "error" && l.msg.includes("app/missing not found")));
  });

  it("throws when no node-agent runs on the pod's node (one error for the pod)", async () => {
    const api = new FakeApi();
    const { log } = capture();
    const deps = api.deps({
      checkNodeAgent: () => Promise.reject(new Error("daemonset pod not found in running state")),
    });
    const backupper = podVolumeBackups(deps)({ backup, log, timeoutMs: 60_000 });
    await assert.rejects(
      backupper.backupPodVolumes({ pod: podWith("p", [emptyDir("v")]), log }),
      /daemonset pod not found/,
    );
    assert.equal(api.created.length, 0);
  });
});

describe("whether a backup's filters leave claims out", () => {
  const cases: [string, Backup["spec"], boolean][] = [
    ["no filters", {}, false],
    ["claims excluded by short name", { excludedResources: ["pvc"] }, true],
    ["only pods included", { includedResources: ["pods"] }, true],
    ["pods and claims included", { includedResources: ["pods", "persistentvolumeclaims"] }, false],
    ["everything included", { includedResources: ["*"] }, false],
    [
      "claims excluded by the new filters",
      { excludedNamespaceScopedResources: ["persistentvolumeclaims"] },
      true,
    ],
  ];
  for (const [name, spec, expected] of cases) {
    it(`is ${String(expected)} with ${name}`, () => {
      assert.equal(backupExcludesClaims({ ...backup, spec }), expected);
    });
  }
});
