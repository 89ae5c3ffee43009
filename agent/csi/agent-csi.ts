// CSI snapshots wired to the agent: Velero's CSI backup and restore item actions, the end of a
// backup's snapshots and their deletion, all behind the `EnableCSI` feature flag as in Velero
// (`velero server --features=EnableCSI`, `kubectl velero install --features=EnableCSI`).
import type { Backup } from "../../lib/api/index.js";
import type { Logger } from "../../lib/log.js";
import type { AgentContext } from "../agent-context.js";
import type { PodVolumeSnapshotDeleter } from "../deletion/index.js";
import { builtInBackupItemActions, type BackupItemActionFactory } from "../item-actions/index.js";
import {
  builtInRestoreItemActions,
  type RestoreItemActionFactory,
} from "../restore-actions/index.js";
import { finishCsiSnapshots, type CsiBackupSummary } from "./csi-backup-finisher.js";
import { restCsiApi, type CsiApi } from "./csi-api.js";
import { withCsiSnapshotDeletion } from "./csi-snapshot-deleter.js";
import { createPvcBackupAction, type SnapshotDataMover } from "./pvc-backup-action.js";
import { createPvcRestoreAction, type MovedDataRestorer } from "./pvc-restore-action.js";
import {
  createVolumeSnapshotBackupAction,
  volumeSnapshotClassBackupAction,
  volumeSnapshotContentBackupAction,
} from "./snapshot-backup-actions.js";
import {
  createVolumeSnapshotContentRestoreAction,
  volumeSnapshotClassRestoreAction,
  volumeSnapshotRestoreAction,
} from "./snapshot-restore-actions.js";
import { getOrUndefined, veleroResourceType, ResourceClient } from "../../lib/kube/index.js";

/** Velero's feature flag for CSI snapshots. */
export const CSI_FEATURE_FLAG = "EnableCSI";

/** True when the agent runs with `--features` including `EnableCSI`. */
export function isCsiEnabled(features: readonly string[]): boolean {
  return features.includes(CSI_FEATURE_FLAG);
}

/** The data mover's hooks into the CSI actions (none until it is plugged in). */
export interface CsiDataMovement {
  readonly dataMover?: SnapshotDataMover;
  readonly dataRestorer?: MovedDataRestorer;
}

/** Velero's four CSI backup item actions, in Velero's registration order. */
export function csiBackupItemActions(
  ctx: Pick<AgentContext, "rest" | "clock">,
  movement: CsiDataMovement = {},
): BackupItemActionFactory[] {
  const api = (): CsiApi => restCsiApi(ctx.rest);
  return [
    () =>
      Promise.resolve(
        createPvcBackupAction({
          api: api(),
          clock: ctx.clock,
          ...(movement.dataMover === undefined ? {} : { dataMover: movement.dataMover }),
        }),
      ),
    () => Promise.resolve(createVolumeSnapshotBackupAction(api())),
    () => Promise.resolve(volumeSnapshotContentBackupAction),
    () => Promise.resolve(volumeSnapshotClassBackupAction),
  ];
}

/** Velero's four CSI restore item actions. */
export function csiRestoreItemActions(
  ctx: Pick<AgentContext, "rest">,
  movement: CsiDataMovement = {},
): RestoreItemActionFactory[] {
  const backups = new ResourceClient<Backup>(ctx.rest, veleroResourceType("Backup"));
  return [
    (setup) =>
      createPvcRestoreAction({
        api: restCsiApi(setup.rest),
        getBackup: (namespace, name) => getOrUndefined(() => backups.get(name, namespace)),
        ...(movement.dataRestorer === undefined ? {} : { dataRestorer: movement.dataRestorer }),
      }),
    () => volumeSnapshotRestoreAction,
    (setup) => createVolumeSnapshotContentRestoreAction(restCsiApi(setup.rest)),
    () => volumeSnapshotClassRestoreAction,
  ];
}

/** The agent's backup item actions: Velero's built-in ones, then the CSI ones when enabled. */
export function agentBackupItemActions(
  ctx: AgentContext,
  movement: CsiDataMovement = {},
): readonly BackupItemActionFactory[] {
  if (!isCsiEnabled(ctx.config.features)) return builtInBackupItemActions;
  return [...builtInBackupItemActions, ...csiBackupItemActions(ctx, movement)];
}

/** The agent's restore item actions: Velero's built-in ones, then the CSI ones when enabled. */
export function agentRestoreItemActions(
  ctx: AgentContext,
  movement: CsiDataMovement = {},
): readonly RestoreItemActionFactory[] {
  if (!isCsiEnabled(ctx.config.features)) return builtInRestoreItemActions;
  return [...builtInRestoreItemActions, ...csiRestoreItemActions(ctx, movement)];
}

const noSnapshots: CsiBackupSummary = { volumeInfos: [], attempted: 0, completed: 0 };

/** {@link finishCsiSnapshots} for the agent's cluster (nothing when CSI is not enabled). */
export function finishBackupCsiSnapshots(
  ctx: Pick<AgentContext, "config" | "rest" | "clock">,
  backup: Backup,
  log: Logger,
): Promise<CsiBackupSummary> {
  if (!isCsiEnabled(ctx.config.features)) return Promise.resolve(noSnapshots);
  return finishCsiSnapshots({ api: restCsiApi(ctx.rest), clock: ctx.clock, log }, backup);
}

/** The deletion controller's snapshot deleter, also deleting CSI snapshots when enabled. */
export function withAgentCsiSnapshotDeletion(
  ctx: AgentContext,
  inner: PodVolumeSnapshotDeleter,
): PodVolumeSnapshotDeleter {
  if (!isCsiEnabled(ctx.config.features)) return inner;
  return withCsiSnapshotDeletion(
    { api: restCsiApi(ctx.rest), clock: ctx.clock, logger: ctx.logger.child({ csi: true }) },
    inner,
  );
}
