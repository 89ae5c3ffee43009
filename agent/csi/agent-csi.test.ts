import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BackupBuilder } from "../../lib/api/index.js";
import { systemClock } from "../../lib/clock.js";
import type { KubeRestClient } from "../../lib/kube/index.js";
import { silentLogger } from "../../lib/log.js";
import type { AgentContext } from "../agent-context.js";
import type { PodVolumeSnapshotDeleter } from "../deletion/index.js";
import { builtInBackupItemActions } from "../item-actions/index.js";
import { builtInRestoreItemActions } from "../restore-actions/index.js";
import {
  agentBackupItemActions,
  agentRestoreItemActions,
  finishBackupCsiSnapshots,
  withAgentCsiSnapshotDeletion,
} from "./agent-csi.js";

function context(features: string[]): AgentContext {
  const rest = {
    request: () => Promise.reject(new Error("no API in this test")),
  } as unknown as KubeRestClient;
  return {
    config: { features },
    rest,
    clock: systemClock,
    logger: silentLogger,
  } as unknown as AgentContext;
}

const setup = {
  rest: context([]).rest,
  servedGroupVersions: new Set<string>(),
  preferredVersion: () => undefined,
  log: silentLogger,
};

describe("the EnableCSI feature flag", () => {
  test("without it the agent runs exactly Velero's built-in actions and touches no snapshot", async () => {
    const ctx = context(["SomethingElse"]);
    assert.equal(agentBackupItemActions(ctx), builtInBackupItemActions);
    assert.equal(agentRestoreItemActions(ctx), builtInRestoreItemActions);
    const inner: PodVolumeSnapshotDeleter = { deleteSnapshots: () => Promise.resolve([]) };
    assert.equal(withAgentCsiSnapshotDeletion(ctx, inner), inner);
    const summary = await finishBackupCsiSnapshots(
      ctx,
      new BackupBuilder("velero", "b").build(),
      silentLogger,
    );
    assert.deepEqual(summary, { volumeInfos: [], attempted: 0, completed: 0 });
  });

  test("with it the CSI actions run after the built-in ones, under Velero's names", async () => {
    const ctx = context(["EnableCSI"]);
    const backup = await Promise.all(agentBackupItemActions(ctx).map((create) => create(setup)));
    assert.deepEqual(
      backup.slice(builtInBackupItemActions.length).map((a) => a.name),
      [
        "velero.io/csi-pvc-backupper",
        "velero.io/csi-volumesnapshot-backupper",
        "velero.io/csi-volumesnapshotcontent-backupper",
        "velero.io/csi-volumesnapshotclass-backupper",
      ],
    );
    const restore = agentRestoreItemActions(ctx).map((create) => create(setup));
    assert.deepEqual(
      restore.slice(builtInRestoreItemActions.length).map((a) => a.name),
      [
        "velero.io/csi-pvc-restorer",
        "velero.io/csi-volumesnapshot-restorer",
        "velero.io/csi-volumesnapshotcontent-restorer",
        "velero.io/csi-volumesnapshotclass-restorer",
      ],
    );
  });
});
