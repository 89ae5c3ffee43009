// Every controller the agent runs, by Velero's controller name. New controllers are added here.
import type { AgentControllerFactory } from "./agent-context.js";
import {
  backupControllerWithDataMovement,
  restoreControllerWithDataMovement,
} from "./data-movement/index.js";
import { backupRepositoryController } from "./controllers/backup-repository-controller.js";
import { backupStorageLocationController } from "./controllers/backup-storage-location-controller.js";
import { backupSyncController } from "./controllers/backup-sync-controller.js";
import { downloadRequestController } from "./controllers/download-request-controller.js";
import { gcController } from "./controllers/gc-controller.js";
import { scheduleController } from "./controllers/schedule-controller.js";
import { serverStatusRequestController } from "./controllers/server-status-request-controller.js";
import { deleteBackupRequestControllerWithSnapshots } from "./pod-volumes/agent-snapshot-deletion.js";

/** The agent's controllers in start order. */
export const controllerFactories: readonly AgentControllerFactory[] = [
  serverStatusRequestController,
  backupStorageLocationController,
  backupSyncController,
  backupControllerWithDataMovement,
  backupRepositoryController,
  restoreControllerWithDataMovement,
  downloadRequestController,
  deleteBackupRequestControllerWithSnapshots,
  gcController,
  scheduleController,
];
