// Deciding a migration without changing anything: the source location, the target location,
// and whether the Backup and Restore are new, resumed or named (reads only; `--dry-run` stops here).
import { type Backup, type BackupStorageLocation, type Restore } from "../../lib/api/index.js";
import { isNotFound } from "../../lib/kube/index.js";
import { buildBackup } from "../commands/backup/build-backup.js";
import { buildRestore } from "../commands/restore/build-restore.js";
import { buildBackupSpec } from "../flags/backup-filter-flags.js";
import { notInstalled } from "./agent-check.js";
import { describeSide, type ClusterSide } from "./cluster-side.js";
import { LocationError } from "./migrate-errors.js";
import type { MigrateOptions } from "./migrate-options.js";
import {
  decideResume,
  MIGRATION_ID_LABEL,
  migrationId,
  migrationObjectName,
  unfinishedRestoreOf,
} from "./migration-id.js";
import type { MigrationPlan } from "./migration-plan.js";
import { chooseTargetLocation, sourceLocation } from "./point-target.js";
import { errorMessage } from "../../lib/errors.js";

/** The two clusters and the flags. */
export interface MigrationSetup {
  readonly source: ClusterSide;
  readonly target: ClusterSide;
  readonly options: MigrateOptions;
  readonly now: Date;
}

/** A plan and the source location it reads. */
export interface PlannedMigration {
  readonly plan: MigrationPlan;
  readonly from: BackupStorageLocation;
}

/** The id of this migration (see `migrationId`). */
export function idOf(setup: MigrationSetup): string {
  const { source, target, options } = setup;
  return migrationId({
    from: `${source.contextName} ${source.server}`,
    to: `${target.contextName} ${target.server}`,
    fromNamespace: source.namespace,
    toNamespace: target.namespace,
    backupSpec: options.backupName === undefined ? buildBackupSpec(options) : {},
    backupName: options.backupName,
    namespaceMappings: options.namespaceMappings,
    existingResourcePolicy: options.existingResourcePolicy,
  });
}

async function listOrNotInstalled<T>(side: ClusterSide, list: () => Promise<T[]>): Promise<T[]> {
  try {
    return await list();
  } catch (error) {
    if (isNotFound(error)) throw notInstalled(side, errorMessage(error));
    throw error;
  }
}

async function namedBackup(source: ClusterSide, name: string): Promise<Backup> {
  try {
    return await source.clients.backups.get(name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new LocationError(`backup "${name}" does not exist in the ${describeSide(source)}`);
  }
}

interface BackupChoice {
  readonly name: string;
  readonly action: MigrationPlan["backup"]["action"];
  readonly existing?: Backup | undefined;
  readonly restoreName?: string | undefined;
}

async function chooseBackup(setup: MigrationSetup, id: string): Promise<BackupChoice> {
  const { source, target, options } = setup;
  const selector = `${MIGRATION_ID_LABEL}=${id}`;
  const restores = await listOrNotInstalled(target, () => target.clients.restores.list(selector));
  if (options.backupName !== undefined) {
    const existing = await namedBackup(source, options.backupName);
    const restoreName = unfinishedRestoreOf(restores, options.backupName);
    return { name: options.backupName, action: "use", existing, restoreName };
  }
  const backups = await listOrNotInstalled(source, () => source.clients.backups.list(selector));
  const decision = decideResume({ backups, restores });
  if (decision.action === "new") {
    return { name: migrationObjectName(id, setup.now), action: "create" };
  }
  const existing = backups.find((b) => b.metadata.name === decision.backupName);
  return {
    name: decision.backupName,
    action: "resume",
    existing,
    restoreName: decision.restoreName,
  };
}

function newBackup(setup: MigrationSetup, id: string, name: string, location: string): Backup {
  const backup = buildBackup({
    namespace: setup.source.namespace,
    name,
    options: { ...setup.options, storageLocation: location },
  });
  backup.metadata.labels = { ...backup.metadata.labels, [MIGRATION_ID_LABEL]: id };
  return backup;
}

function newRestore(setup: MigrationSetup, id: string, name: string, backup: string): Restore {
  const restore = buildRestore({
    namespace: setup.target.namespace,
    name,
    options: {
      fromBackup: backup,
      namespaceMappings: setup.options.namespaceMappings,
      existingResourcePolicy: setup.options.existingResourcePolicy,
    },
  });
  restore.metadata.labels = { [MIGRATION_ID_LABEL]: id };
  return restore;
}

function restorePart(
  setup: MigrationSetup,
  id: string,
  choice: BackupChoice,
): MigrationPlan["restore"] {
  if (choice.restoreName !== undefined) return { name: choice.restoreName, action: "resume" };
  const name = choice.action === "use" ? migrationObjectName(id, setup.now) : choice.name;
  return { name, action: "create", object: newRestore(setup, id, name, choice.name) };
}

/** Decides everything; reads both clusters and changes nothing. */
export async function planMigration(setup: MigrationSetup): Promise<PlannedMigration> {
  const id = idOf(setup);
  const choice = await chooseBackup(setup, id);
  const locationName = choice.existing?.spec.storageLocation ?? setup.options.storageLocation;
  const from = await sourceLocation(setup.source, locationName);
  const fromName = from.metadata.name ?? "";
  const target = await chooseTargetLocation(setup.source, setup.target, from);
  return {
    from,
    plan: {
      id,
      from: { context: setup.source.contextName, namespace: setup.source.namespace },
      to: { context: setup.target.contextName, namespace: setup.target.namespace },
      sourceLocation: fromName,
      targetLocation: {
        name: target.name,
        action: target.exists ? "reuse" : "create",
        credentialsFrom: target.exists ? undefined : target.credential.name,
      },
      backup: {
        name: choice.name,
        action: choice.action,
        object:
          choice.action === "create" ? newBackup(setup, id, choice.name, fromName) : undefined,
      },
      restore: restorePart(setup, id, choice),
    },
  };
}
