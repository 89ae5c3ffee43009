// The backup controller end to end on a local test cluster with the agent in this process:
// FailedValidation with Velero's messages, the queue (several backups at once, none sharing a
// namespace, at most --concurrent-backups), progress while running, and a restart failing a
// backup left InProgress. Backups are held InProgress through the pod volume seam.
import assert from "node:assert/strict";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Backup } from "../../lib/api/index.js";
import type { AgentContext } from "../../agent/agent-context.js";
import type {
  PodVolumeBackupperFactory,
  PodVolumeBackupResults,
} from "../../agent/backup/index.js";
import { createBackupController } from "../../agent/controllers/backup-controller.js";
import { createAgentHarness, type AgentHarness } from "../../agent/backup/testing/agent-harness.js";
import { startTestCluster } from "../helpers/local-cluster.js";

const harnesses: AgentHarness[] = [];
after(async () => {
  for (const harness of harnesses) await harness.stop();
});
const cluster = await startTestCluster({ name: "backup-queue-e2e" });
const agent = await createAgentHarness({
  kubeconfigPath: cluster.kubeconfigPath,
  flags: ["--concurrent-backups", "2"],
});
harnesses.push(agent);

const timeoutMs = 120_000;
const holdLabel = "e2e.example.com/hold";
const noResults: PodVolumeBackupResults = { podVolumeBackups: [], volumeInfos: [] };

/** Backups labelled `holdLabel` wait in the pod volume step until released. */
class Gates {
  readonly #gates = new Map<string, { promise: Promise<void>; release: () => void }>();

  #gate(name: string): { promise: Promise<void>; release: () => void } {
    let gate = this.#gates.get(name);
    if (gate === undefined) {
      let release = (): void => undefined;
      const promise = new Promise<void>((resolve) => {
        release = resolve;
      });
      gate = { promise, release };
      this.#gates.set(name, gate);
    }
    return gate;
  }

  release(name: string): void {
    this.#gate(name).release();
  }

  readonly podVolumes: PodVolumeBackupperFactory = ({ backup }) => ({
    backupPodVolumes: () => Promise.resolve(),
    waitAll: async (signal) => {
      if (backup.metadata.labels?.[holdLabel] !== "true") return noResults;
      signal.throwIfAborted();
      const aborted = new Promise<never>((_, reject) => {
        signal.addEventListener("abort", () => {
          reject(new Error("stopping"));
        });
      });
      await Promise.race([this.#gate(backup.metadata.name ?? "").promise, aborted]);
      return noResults;
    },
  });
}

const gates = new Gates();
const controller = (ctx: AgentContext) =>
  createBackupController(ctx, { podVolumes: gates.podVolumes });

const applied = await cluster.kubectl(["apply", "-f", "-"], {
  timeoutMs,
  input: ["q-a", "q-b", "q-c"]
    .map(
      (ns) => `apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}}
data: {mode: test}
`,
    )
    .join("---\n"),
});
assert.equal(applied.code, 0, applied.stderr);
await agent.createLocation("default", { isDefault: true });
await agent.createLocation("archive-ro", { accessMode: "ReadOnly" });
await agent.start([controller]);

const phaseOf = (backup: Backup): string => backup.status?.phase ?? "";
const inPhase =
  (phase: string) =>
  (backup: Backup): boolean =>
    phaseOf(backup) === phase;
const held = (name: string, namespace: string): Promise<Backup> =>
  agent.createBackup(name, { includedNamespaces: [namespace] }, { [holdLabel]: "true" });
const waitFor = (name: string, done?: (b: Backup) => boolean): Promise<Backup> =>
  agent.waitForBackup(name, done, timeoutMs);

describe("backup validation", () => {
  const cases: { name: string; spec: Backup["spec"]; message: string }[] = [
    {
      name: "missing-location",
      spec: { storageLocation: "nowhere" },
      message:
        'an existing backup storage location was not specified at backup creation time and the default nowhere was not found. Please address this issue (see `velero backup-location -h` for options) and create a new backup. Error: backupstoragelocations.velero.io "nowhere" not found',
    },
    {
      name: "read-only-location",
      spec: { storageLocation: "archive-ro" },
      message:
        "backup can't be created because backup storage location archive-ro is currently in read-only mode",
    },
    {
      name: "mixed-filters",
      spec: { includedResources: ["configmaps"], includedClusterScopedResources: ["nodes"] },
      message:
        "include-resources, exclude-resources and include-cluster-resources are old filter parameters.\ninclude-cluster-scoped-resources, exclude-cluster-scoped-resources, include-namespace-scoped-resources and exclude-namespace-scoped-resources are new filter parameters.\nThey cannot be used together",
    },
    {
      name: "both-selectors",
      spec: {
        labelSelector: { matchLabels: { a: "b" } },
        orLabelSelectors: [{ matchLabels: { c: "d" } }],
      },
      message:
        "encountered labelSelector as well as orLabelSelectors in backup spec, only one can be specified",
    },
  ];
  for (const { name, spec, message } of cases) {
    it(`fails a backup with ${name} validation and writes nothing to the bucket`, async () => {
      await agent.createBackup(name, spec);
      const backup = await waitFor(name);
      assert.equal(phaseOf(backup), "FailedValidation");
      assert.deepEqual(backup.status?.validationErrors, [message]);
      await assert.rejects(access(join(agent.storageRoot, "default", "backups", name)));
    });
  }
});

describe("the backup queue", () => {
  it("runs backups of different namespaces at once and queues overlapping ones and extra ones", async () => {
    await held("q-a-1", "q-a");
    await waitFor("q-a-1", inPhase("InProgress"));
    await held("q-b-1", "q-b");
    await waitFor("q-b-1", inPhase("InProgress"));
    await held("q-a-2", "q-a");
    const overlapping = await waitFor("q-a-2", inPhase("Queued"));
    await held("q-c-1", "q-c");
    const extra = await waitFor("q-c-1", inPhase("Queued"));
    assert.ok((extra.status?.queuePosition ?? 0) > (overlapping.status?.queuePosition ?? 0));

    // Progress is published while the backup runs (every second at most).
    const running = await waitFor("q-a-1", (b) => (b.status?.progress?.itemsBackedUp ?? 0) > 0);
    assert.equal(phaseOf(running), "InProgress");
    assert.ok((running.status?.progress?.totalItems ?? 0) >= 3, JSON.stringify(running.status));
    assert.equal(phaseOf(await agent.ctx.velero.backups.get("q-a-2")), "Queued");
    assert.equal(phaseOf(await agent.ctx.velero.backups.get("q-c-1")), "Queued");

    gates.release("q-a-1");
    assert.equal(phaseOf(await waitFor("q-a-1")), "Completed");
    await waitFor("q-a-2", inPhase("InProgress"));
    assert.equal(phaseOf(await agent.ctx.velero.backups.get("q-c-1")), "Queued");

    gates.release("q-b-1");
    assert.equal(phaseOf(await waitFor("q-b-1")), "Completed");
    await waitFor("q-c-1", inPhase("InProgress"));
    gates.release("q-a-2");
    gates.release("q-c-1");
    assert.equal(phaseOf(await waitFor("q-a-2")), "Completed");
    assert.equal(phaseOf(await waitFor("q-c-1")), "Completed");
  });

  it("fails a backup left InProgress when the agent starts again", async () => {
    await held("interrupted", "q-b");
    await waitFor("interrupted", inPhase("InProgress"));
    await agent.stop();
    assert.equal(phaseOf(await agent.ctx.velero.backups.get("interrupted")), "InProgress");
    await agent.start([controller]);
    const backup = await waitFor("interrupted");
    assert.equal(phaseOf(backup), "Failed");
    assert.equal(
      backup.status?.failureReason,
      'found a backup with status "InProgress" during the server starting, mark it as "Failed"',
    );
    await agent.createBackup("after-restart", { includedNamespaces: ["q-b"] });
    assert.equal(phaseOf(await waitFor("after-restart")), "Completed");
  });
});
