// `install`: Velero's install command. Validates every flag, builds the objects, prints them with
// `-o`, and (unless `--dry-run`) applies them in order and optionally waits until they run.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Command, Option } from "commander";
import { displayVersion } from "../../lib/build-info.js";
import { InvalidInputError, VeleroError } from "../../lib/errors.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { addOptionalBool } from "../flags/boolean-flags.js";
import { parseKeyValueMap, parseStringList } from "../flags/string-list.js";
import { formatObjects, parseOutputFormat, type OutputFormat } from "../output/format.js";
import { AGENT_DEPLOYMENT } from "../install/agent-deployment.js";
import { applyInstallation } from "../install/apply-installation.js";
import { veleroCrds } from "../install/crds.js";
import {
  DEFAULT_KUBELET_ROOT_DIR,
  DEFAULT_RESOURCES,
  type InstallFlags,
} from "../install/install-flags.js";
import type { InstallSettings } from "../install/install-settings.js";
import { buildInstallObjects } from "../install/manifests.js";
import { NODE_AGENT_DAEMON_SET } from "../install/node-agent-daemon-set.js";
import { restObjectApi, type ObjectApi } from "../install/object-api.js";
import {
  checkStorageOffline,
  resolveInstallSettings,
} from "../install/resolve-install-settings.js";
import { waitForDaemonSetReady, waitForDeploymentAvailable } from "../install/wait-ready.js";

/** The repository of the project's image; the local test cluster runs any tag of it. */
export const IMAGE_REPOSITORY = "ghcr.io/kubectl-velero/velero";

/** `ghcr.io/kubectl-velero/velero:v<version>`: the image of this release. */
export function defaultImage(): string {
  return `${IMAGE_REPOSITORY}:${displayVersion()}`;
}

interface InstallCommandOptions extends InstallFlags {
  readonly crdsOnly?: boolean;
  readonly dryRun?: boolean;
  readonly wait?: boolean;
  readonly apply?: boolean;
  readonly output?: OutputFormat;
}

/** A 32-character random repository password (192 bits). */
export function generateRepositoryPassword(): string {
  return randomBytes(24).toString("base64url");
}

function addStorageFlags(command: Command): void {
  command
    .option("--provider <name>", "provider of the backup storage (aws, azure, gcp, filesystem)")
    .option("--bucket <name>", "bucket where backups are stored")
    .option("--prefix <prefix>", "prefix under which all Velero data is stored in the bucket")
    .option("--secret-file <path>", "file with the provider credentials (Secret cloud-credentials)")
    .option(
      "--no-secret",
      "create no credentials Secret (confirms that --secret-file is not given)",
    )
    .option("--no-default-backup-location", "create no default backup storage location")
    .option(
      "--backup-location-config <k=v,...>",
      "config of the backup storage location",
      parseKeyValueMap,
    )
    .option(
      "--snapshot-location-config <k=v,...>",
      "config of the volume snapshot location",
      parseKeyValueMap,
    )
    .option("--cacert <path>", "CA bundle to trust when talking to the object store")
    .option(
      "--plugins <images>",
      "accepted for Velero compatibility and ignored: providers are built in",
      parseStringList,
    );
  addOptionalBool(
    command,
    "use-volume-snapshots",
    "create a volume snapshot location (default true)",
  );
}

function addWorkloadFlags(command: Command): void {
  command
    .option("--image <image>", "image of the agent and node-agent pods", defaultImage())
    .option("--use-node-agent", "create the node-agent DaemonSet (file-system backup)")
    .option("--privileged-node-agent", "run the node-agent privileged")
    .option(
      "--node-agent-disable-host-path",
      "do not mount the kubelet's pod directory into the node-agent",
    )
    .option(
      "--kubelet-root-dir <dir>",
      "kubelet root directory on the nodes",
      DEFAULT_KUBELET_ROOT_DIR,
    )
    .option(
      "--pod-annotations <k=v,...>",
      "annotations of the agent and node-agent pods",
      parseKeyValueMap,
    )
    .option("--pod-labels <k=v,...>", "labels of the agent and node-agent pods", parseKeyValueMap)
    .option(
      "--sa-annotations <k=v,...>",
      "annotations of the velero ServiceAccount",
      parseKeyValueMap,
    )
    .option(
      "--service-account-name <name>",
      "existing ServiceAccount to run as (no velero ServiceAccount or ClusterRoleBinding is created)",
    )
    .option("--server-priority-class-name <name>", "priority class of the agent pod")
    .option("--node-agent-priority-class-name <name>", "priority class of the node-agent pods");
  for (const [flag, fallback] of Object.entries(DEFAULT_RESOURCES)) {
    const name = flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const what = name.replace(/-pod-(cpu|mem)-/, " pod $1 ");
    command.option(`--${name} <quantity>`, `${what} ("0" = unbounded)`, fallback);
  }
}

function addServerFlags(command: Command): void {
  command
    .option(
      "--default-volumes-to-fs-backup",
      "back up all pod volumes with the node-agent by default",
    )
    .option("--default-snapshot-move-data", "move snapshot data to the backup location by default")
    .option("--schedule-skip-immediately", "new schedules skip their first run")
    .option("--uploader-type <type>", "file-system backup uploader", "kopia")
    .option("--backup-sync-period <duration>", "how often the agent syncs backups from storage")
    .option(
      "--garbage-collection-frequency <duration>",
      "how often expired backups are deleted (default 1h)",
    )
    .option(
      "--pod-volume-operation-timeout <duration>",
      "time limit of pod volume backups and restores (default 4h)",
    )
    .option(
      "--default-repo-maintain-frequency <duration>",
      "how often repositories are maintained (default 1h)",
    )
    .option("--concurrent-backups <n>", "backups the agent runs at once");
}

function addRunFlags(command: Command): void {
  command
    .option("--crds-only", "only the CustomResourceDefinitions")
    .option("--dry-run", "build the objects but send nothing (use with -o)")
    .option(
      "--apply",
      "update existing objects that differ (always done; accepted for Velero compatibility)",
    )
    .option("--wait", "wait until the agent (and the node-agent) is ready")
    .addOption(
      new Option("-o, --output <format>", "print the objects as json or yaml").argParser(
        parseOutputFormat,
      ),
    );
}

async function objectsFor(
  options: InstallCommandOptions,
  ctx: CliContext,
  features: readonly string[],
): Promise<{ objects: KubeObject[]; settings?: InstallSettings }> {
  if (options.crdsOnly === true) return { objects: veleroCrds() };
  const settings = await resolveInstallSettings(options, {
    namespace: ctx.namespace,
    features,
    defaultImage: defaultImage(),
    readFile: (path) => readFile(path),
    checkStorage: checkStorageOffline,
    generatePassword: generateRepositoryPassword,
  });
  return { objects: buildInstallObjects(settings), settings };
}

async function waitUntilRunning(
  ctx: CliContext,
  api: ObjectApi,
  settings: InstallSettings,
): Promise<void> {
  const namespace = settings.namespace;
  ctx.print("Waiting for Velero deployment to be ready.");
  await waitForDeploymentAvailable(
    api,
    { namespace, name: AGENT_DEPLOYMENT },
    { clock: ctx.clock },
  );
  if (settings.nodeAgent === undefined) return;
  ctx.print("Waiting for node-agent daemonset to be ready.");
  await waitForDaemonSetReady(
    api,
    { namespace, name: NODE_AGENT_DAEMON_SET },
    { clock: ctx.clock },
  );
}

/** An install that failed after it started; adds Velero's pointer to the agent's logs. */
export class InstallFailedError extends VeleroError {
  constructor(cause: VeleroError, namespace: string) {
    super(
      cause.code,
      `${cause.message}\n\nError installing Velero. Use \`kubectl logs deploy/velero -n ${namespace}\` to check the deploy logs`,
      { cause },
    );
  }
}

async function applyAndWait(
  ctx: CliContext,
  objects: readonly KubeObject[],
  options: InstallCommandOptions,
  settings: InstallSettings | undefined,
): Promise<void> {
  const api = restObjectApi((type) => ctx.resources(type));
  try {
    await applyInstallation(objects, {
      api,
      clock: ctx.clock,
      print: (line) => {
        ctx.print(line);
      },
    });
    if (options.wait === true && settings !== undefined) await waitUntilRunning(ctx, api, settings);
  } catch (error) {
    if (error instanceof VeleroError) throw new InstallFailedError(error, ctx.namespace);
    throw error;
  }
}

function printClosingNotes(ctx: CliContext, options: InstallCommandOptions): void {
  if (options.crdsOnly !== true && (options.secretFile ?? "") === "") {
    ctx.print("\nNo secret file was specified, no Secret created.\n");
  }
  if (options.crdsOnly !== true && options.defaultBackupLocation === false) {
    ctx.print(
      "\nNo bucket and provider were specified, no default backup storage location created.\n",
    );
  }
  ctx.print(
    `Velero is installed! ⛵ Use 'kubectl logs deployment/velero -n ${ctx.namespace}' to view the status.`,
  );
}

async function runInstall(
  ctx: CliContext,
  options: InstallCommandOptions,
  command: Command,
): Promise<void> {
  if (options.output === "table") {
    throw new InvalidInputError(
      `invalid output format "table" for install - valid values are 'json' and 'yaml'`,
    );
  }
  const features = command.optsWithGlobals<GlobalOptions>().features ?? [];
  const { objects, settings } = await objectsFor(options, ctx, features);
  if ((options.plugins ?? []).length > 0) {
    ctx.io.stderr.write(
      "Note: --plugins is ignored: the aws, azure, gcp and filesystem providers are built in.\n",
    );
  }
  if (options.output !== undefined) {
    const list = { apiVersion: "v1", kind: "List", items: objects };
    ctx.io.stdout.write(formatObjects([list], options.output));
  }
  if (options.dryRun === true) return;
  await applyAndWait(ctx, objects, options, settings);
  printClosingNotes(ctx, options);
}

/** Builds `install`. */
export function createInstallCommand(ctx: CliContext): Command {
  const command = new Command("install")
    .description(
      "Install Velero (CRDs, namespace, RBAC, credentials, the default storage locations, the agent and optionally the node-agent) into the cluster. Running it again changes nothing.",
    )
    .addHelpText(
      "after",
      `
Beyond Velero: the file-system backup repositories get a random password, generated by the
first install and stored in Secret velero-repo-credentials (key repository-password); later
runs never change it. Objects that already match are left untouched; ones that differ are
updated to match. --plugins is accepted and ignored: the providers are built in.

Examples:
  kubectl velero install --provider aws --bucket backups --secret-file ./credentials-velero \\
      --backup-location-config region=us-east-1 --use-node-agent --wait
  kubectl velero install --provider aws --bucket backups --no-secret --dry-run -o yaml > velero.yaml`,
    );
  addStorageFlags(command);
  addWorkloadFlags(command);
  addServerFlags(command);
  addRunFlags(command);
  return command.action((options: InstallCommandOptions, cmd: Command) =>
    runInstall(ctx, options, cmd),
  );
}
