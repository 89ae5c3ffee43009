// Prepares a Backup to run, as Velero's backup controller does: resolves and checks its
// storage and snapshot locations, validates its filters, and applies the server's mutations
// (defaults, version, expiration, location label, source-cluster annotations).
import {
  EXCLUDE_FROM_BACKUP_LABEL,
  formatDuration,
  formatTime,
  getValidLabelValue,
  parseDuration,
  RESOURCE_TIMEOUT_ANNOTATION,
  SOURCE_CLUSTER_K8S_GITVERSION_ANNOTATION,
  SOURCE_CLUSTER_K8S_MAJOR_VERSION_ANNOTATION,
  SOURCE_CLUSTER_K8S_MINOR_VERSION_ANNOTATION,
  STORAGE_LOCATION_LABEL,
  type Backup,
  type BackupStorageLocation,
  type VolumeSnapshotLocation,
} from "../../lib/api/index.js";
import { archiveFormatVersion } from "../../lib/archive/index.js";
import { errorMessage } from "../../lib/errors.js";
import { NotFoundError, type KubeList } from "../../lib/kube/index.js";
import type { AgentContext } from "../agent-context.js";
import { applySpecDefaults, validateBackupSpec } from "./backup-validation.js";

/** A backup ready to start, or the reasons it cannot. */
export interface PreparedBackup {
  /** The Backup with the server's mutations applied (spec, labels, annotations, status). */
  readonly backup: Backup;
  /** The resolved storage location, when it exists. */
  readonly location: BackupStorageLocation | undefined;
  /** Velero's `status.validationErrors`; empty when the backup may run. */
  readonly validationErrors: readonly string[];
}

/** The API server's `/version`. */
export interface ServerVersion {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
}

/** Dependencies of {@link prepareBackup}. */
export type PrepareContext = Pick<AgentContext, "config" | "rest" | "velero" | "clock">;

/** Reads the API server's version. */
export async function fetchServerVersion(ctx: Pick<AgentContext, "rest">): Promise<ServerVersion> {
  const v = await ctx.rest.request<Partial<ServerVersion>>({ method: "GET", path: "/version" });
  return { major: v.major ?? "", minor: v.minor ?? "", gitVersion: v.gitVersion ?? "" };
}

/**
 * Validates `backup` and computes the object Velero's server would write when starting it.
 * Never throws for a bad backup (problems become `validationErrors`); API failures other than
 * "not found" are reported as validation errors too, as Velero reports them.
 */
export async function prepareBackup(ctx: PrepareContext, backup: Backup): Promise<PreparedBackup> {
  const errors: string[] = [];
  const { name: locationName, serverSpecified } = await resolveLocationName(ctx, backup);
  const location = await checkLocation(ctx, locationName, serverSpecified, errors);
  const snapshotLocations = await resolveSnapshotLocations(
    ctx,
    backup.spec.volumeSnapshotLocations ?? [],
  );
  errors.push(...snapshotLocations.errors);
  const labelled = await labelledExcludedNamespaces(ctx, errors);
  errors.push(...validateBackupSpec(backup.spec));
  errors.push(...(await checkResourcePolicy(ctx, backup)));
  const spec = applySpecDefaults(backup.spec, {
    defaultBackupTtlMs: ctx.config.defaultBackupTtlMs,
    defaultVolumesToFsBackup: ctx.config.defaultVolumesToFsBackup,
    defaultSnapshotMoveData: ctx.config.defaultSnapshotMoveData,
    storageLocation: locationName,
    labelledExcludedNamespaces: labelled.filter(
      (ns) => !(backup.spec.excludedNamespaces ?? []).includes(ns),
    ),
    volumeSnapshotLocations:
      snapshotLocations.errors.length > 0 ? undefined : snapshotLocations.names,
  });
  const version = await fetchServerVersion(ctx).catch(() => ({
    major: "",
    minor: "",
    gitVersion: "",
  }));
  const now = ctx.clock.now();
  const mutated: Backup = {
    ...backup,
    metadata: {
      ...backup.metadata,
      labels: {
        ...backup.metadata.labels,
        [STORAGE_LOCATION_LABEL]: getValidLabelValue(locationName),
      },
      annotations: {
        ...backup.metadata.annotations,
        [SOURCE_CLUSTER_K8S_GITVERSION_ANNOTATION]: version.gitVersion,
        [SOURCE_CLUSTER_K8S_MAJOR_VERSION_ANNOTATION]: version.major,
        [SOURCE_CLUSTER_K8S_MINOR_VERSION_ANNOTATION]: version.minor,
        [RESOURCE_TIMEOUT_ANNOTATION]: formatDuration(ctx.config.resourceTimeoutMs),
      },
    },
    spec,
    status: {
      ...backup.status,
      version: 1,
      formatVersion: archiveFormatVersion,
      expiration: formatTime(new Date(now.getTime() + parseDuration(spec.ttl ?? "0s"))),
      ...(errors.length > 0 ? { validationErrors: errors } : {}),
    },
  };
  return { backup: mutated, location, validationErrors: errors };
}

async function resolveLocationName(
  ctx: PrepareContext,
  backup: Backup,
): Promise<{ name: string; serverSpecified: boolean }> {
  const named = backup.spec.storageLocation ?? "";
  if (named !== "") return { name: named, serverSpecified: false };
  const all = await ctx.velero.backupStorageLocations.list().catch(() => []);
  const marked = all.find((l) => l.spec.default === true)?.metadata.name;
  return { name: marked ?? ctx.config.defaultBackupStorageLocation, serverSpecified: true };
}

async function checkLocation(
  ctx: PrepareContext,
  name: string,
  serverSpecified: boolean,
  errors: string[],
): Promise<BackupStorageLocation | undefined> {
  let location: BackupStorageLocation;
  try {
    location = await ctx.velero.backupStorageLocations.get(name);
  } catch (error) {
    if (!(error instanceof NotFoundError)) {
      errors.push(`error getting backup storage location: ${errorMessage(error)}`);
      return undefined;
    }
    const which = serverSpecified
      ? `the server default ${name}`
      : `the default ${name} was not found`;
    const notFound = `backupstoragelocations.velero.io "${name}" not found`;
    errors.push(
      serverSpecified
        ? `an existing backup storage location was not specified at backup creation time and ${which} does not exist. Please address this issue (see \`velero backup-location -h\` for options) and create a new backup. Error: ${notFound}`
        : `an existing backup storage location was not specified at backup creation time and ${which}. Please address this issue (see \`velero backup-location -h\` for options) and create a new backup. Error: ${notFound}`,
    );
    return undefined;
  }
  if (location.spec.accessMode === "ReadOnly") {
    errors.push(
      `backup can't be created because backup storage location ${name} is currently in read-only mode`,
    );
  }
  if (location.status?.phase !== "Available") {
    errors.push(
      `backup can't be created because BackupStorageLocation ${name} is in Unavailable status.`,
    );
  }
  return location;
}

/**
 * Velero's volume snapshot location rules: every named location must exist, at most one per
 * provider, and a provider with exactly one location gets it added. A provider with several
 * locations and none named is an error (this agent has no per-provider defaults).
 */
async function resolveSnapshotLocations(
  ctx: PrepareContext,
  named: readonly string[],
): Promise<{ names: string[]; errors: string[] }> {
  const errors: string[] = [];
  const byProvider = new Map<string, string>();
  for (const name of named) {
    let location: VolumeSnapshotLocation;
    try {
      location = await ctx.velero.volumeSnapshotLocations.get(name);
    } catch (error) {
      errors.push(
        error instanceof NotFoundError
          ? `a VolumeSnapshotLocation CRD for the location ${name} with the name specified in the backup spec needs to be created before this snapshot can be executed. Error: volumesnapshotlocations.velero.io "${name}" not found`
          : `error getting volume snapshot location named ${name}: ${errorMessage(error)}`,
      );
      continue;
    }
    const existing = byProvider.get(location.spec.provider);
    if (existing !== undefined && existing !== name) {
      errors.push(
        `more than one VolumeSnapshotLocation name specified for provider ${location.spec.provider}: ${name}; unexpected name was ${existing}`,
      );
    } else {
      byProvider.set(location.spec.provider, name);
    }
  }
  if (errors.length > 0) return { names: [], errors };
  return addProviderDefaults(ctx, byProvider);
}

async function addProviderDefaults(
  ctx: PrepareContext,
  byProvider: Map<string, string>,
): Promise<{ names: string[]; errors: string[] }> {
  let all: VolumeSnapshotLocation[];
  try {
    all = await ctx.velero.volumeSnapshotLocations.list();
  } catch (error) {
    return {
      names: [],
      errors: [`error listing volume snapshot locations: ${errorMessage(error)}`],
    };
  }
  const errors: string[] = [];
  const providers = new Map<string, string[]>();
  for (const l of all)
    providers.set(l.spec.provider, [
      ...(providers.get(l.spec.provider) ?? []),
      l.metadata.name ?? "",
    ]);
  for (const [provider, names] of providers) {
    if (byProvider.has(provider)) continue;
    if (names.length > 1) {
      errors.push(
        `provider ${provider} has more than one possible volume snapshot location, and none were specified explicitly or as a default`,
      );
    } else if (names[0] !== undefined) {
      byProvider.set(provider, names[0]);
    }
  }
  return errors.length > 0 ? { names: [], errors } : { names: [...byProvider.values()], errors };
}

async function labelledExcludedNamespaces(
  ctx: PrepareContext,
  errors: string[],
): Promise<string[]> {
  try {
    const list = await ctx.rest.request<KubeList>({
      method: "GET",
      path: "/api/v1/namespaces",
      query: { labelSelector: `${EXCLUDE_FROM_BACKUP_LABEL}=true` },
    });
    return list.items.flatMap((ns) => ns.metadata?.name ?? []);
  } catch (error) {
    errors.push(`error getting namespace list: ${errorMessage(error)}`);
    return [];
  }
}

async function checkResourcePolicy(ctx: PrepareContext, backup: Backup): Promise<string[]> {
  const policy = backup.spec.resourcePolicy;
  if (policy === undefined || policy.kind.toLowerCase() !== "configmap") return [];
  const namespace = ctx.velero.namespace;
  try {
    await ctx.rest.request({
      method: "GET",
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${encodeURIComponent(policy.name)}`,
    });
    return [];
  } catch (error) {
    return [
      `failed to get resource policies ${namespace}/${policy.name} configmap with err ${errorMessage(error)}`,
    ];
  }
}
