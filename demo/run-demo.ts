// The demo's steps in order, each reported as OK, SKIPPED (with why) or FAILED; the demo
// stops at the first failure and its exit code is 0 only when nothing failed.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Cleanup } from "./demo-environment.js";
import {
  demoDir,
  kubectl,
  startDemoBucket,
  startDemoCluster,
  velero,
  type DemoCluster,
} from "./demo-environment.js";
import { differences, snapshotApp, type AppSnapshot } from "./demo-checks.js";
import { APP_NAMESPACE, sampleApplication } from "./sample-app.js";

/** How one step ended. */
export interface StepOutcome {
  readonly title: string;
  readonly result: "OK" | "SKIPPED" | "FAILED";
  readonly detail?: string | undefined;
}

/** A step failed: the demo stops. */
class StepFailed extends Error {}

const BUCKET = "demo";
const waitMs = 120_000;

/** Shared between steps. */
interface DemoState {
  readonly dir: string;
  readonly outcomes: StepOutcome[];
  clusters: DemoCluster[];
  volumes: boolean;
  deployed?: AppSnapshot;
}

function heading(n: number, title: string): void {
  process.stdout.write(`\n=== Step ${String(n)}: ${title} ===\n`);
}

function record(state: DemoState, outcome: StepOutcome): void {
  state.outcomes.push(outcome);
  const detail = outcome.detail === undefined ? "" : ` - ${outcome.detail}`;
  process.stdout.write(`--> ${outcome.result}: ${outcome.title}${detail}\n`);
  if (outcome.result === "FAILED") throw new StepFailed(outcome.title);
}

function expectZero(state: DemoState, title: string, code: number): void {
  record(
    state,
    code === 0
      ? { title, result: "OK" }
      : { title, result: "FAILED", detail: `exit code ${String(code)}` },
  );
}

function cluster(state: DemoState, index: 0 | 1): DemoCluster {
  const found = state.clusters[index];
  if (found === undefined) throw new StepFailed("clusters are not running");
  return found;
}

async function startWorld(state: DemoState, cleanup: Cleanup): Promise<string[]> {
  heading(1, "start two local clusters and an S3 bucket (Ceph RGW)");
  const [a, b, rgw] = await Promise.all([
    startDemoCluster("demo-east", state.dir, cleanup),
    startDemoCluster("demo-west", state.dir, cleanup),
    startDemoBucket(cleanup, BUCKET),
  ]);
  state.clusters = [a, b];
  const secretFile = join(state.dir, "credentials-velero");
  await writeFile(
    secretFile,
    `[default]\naws_access_key_id=${rgw.accessKey}\naws_secret_access_key=${rgw.secretKey}\n`,
  );
  record(state, {
    title: "clusters demo-east, demo-west and bucket",
    result: "OK",
    detail: rgw.endpoint,
  });
  return [
    "--provider",
    "aws",
    "--bucket",
    BUCKET,
    "--secret-file",
    secretFile,
    "--backup-location-config",
    `region=${rgw.region},s3ForcePathStyle=true,s3Url=${rgw.endpoint}`,
    "--use-node-agent",
    "--wait",
  ];
}

async function nodeAgentRuns(target: DemoCluster): Promise<boolean> {
  const pods = await kubectl(target, [
    "get",
    "pods",
    "-n",
    "velero",
    "-l",
    "name=node-agent",
    "-o",
    "json",
  ]);
  if (pods.code !== 0) return false;
  const list = JSON.parse(pods.stdout) as { items: { status?: { phase?: string } }[] };
  return list.items.some((p) => p.status?.phase === "Running");
}

async function install(state: DemoState, installArgs: readonly string[]): Promise<void> {
  heading(2, "kubectl velero install --use-node-agent on both clusters");
  for (const target of state.clusters) {
    const code = await velero(["install", "--kubeconfig", target.kubeconfig, ...installArgs]);
    expectZero(state, `install on ${target.name}`, code);
  }
  state.volumes = await nodeAgentRuns(cluster(state, 0));
  if (!state.volumes) {
    record(state, {
      title: "volume data (file-system backup)",
      result: "SKIPPED",
      detail: "no node-agent pod runs on this cluster yet: volumes are not backed up, only objects",
    });
  }
}

async function deploy(state: DemoState): Promise<void> {
  heading(3, `deploy the sample application (namespace ${APP_NAMESPACE})`);
  const east = cluster(state, 0);
  const applied = await kubectl(east, ["apply", "-f", "-"], sampleApplication());
  process.stdout.write(applied.stdout);
  expectZero(state, "kubectl apply", applied.code);
  state.deployed = await snapshotApp(east, { withFiles: true, timeoutMs: waitMs });
  if (state.deployed.files === undefined) {
    record(state, { title: "the pod wrote its files into the volume", result: "FAILED" });
  }
  record(state, {
    title: "application running, 3 files of 1 MiB written into its volume",
    result: "OK",
  });
}

function fsFlag(state: DemoState): string[] {
  return state.volumes ? ["--default-volumes-to-fs-backup"] : [];
}

async function backupDeleteRestore(state: DemoState): Promise<void> {
  const east = cluster(state, 0);
  const kc = ["--kubeconfig", east.kubeconfig];
  heading(4, "back up the namespace (progress shown)");
  const backup = ["backup", "create", "shop-backup", "--include-namespaces", APP_NAMESPACE];
  expectZero(
    state,
    "backup shop-backup",
    await velero([...backup, ...fsFlag(state), "--wait", ...kc]),
  );
  heading(5, `delete namespace ${APP_NAMESPACE}`);
  const deleted = await kubectl(east, [
    "delete",
    "namespace",
    APP_NAMESPACE,
    "--wait=true",
    "--timeout=120s",
  ]);
  expectZero(state, "namespace deleted", deleted.code);
  heading(6, "restore it from the backup");
  const restore = ["restore", "create", "shop-restore", "--from-backup", "shop-backup", "--wait"];
  expectZero(state, "restore shop-restore", await velero([...restore, ...kc]));
  await check(state, east, 7, "check the restored application");
}

async function check(state: DemoState, on: DemoCluster, n: number, title: string): Promise<void> {
  heading(n, title);
  const deployed = state.deployed;
  if (deployed === undefined) throw new StepFailed("nothing deployed");
  const expected = state.volumes ? deployed : { objects: deployed.objects };
  const actual = await snapshotApp(on, { withFiles: state.volumes, timeoutMs: waitMs });
  const diffs = differences(expected, actual);
  for (const line of diffs) process.stdout.write(`    ${line}\n`);
  const what = state.volumes
    ? "objects and file checksums"
    : "objects (volume data skipped, see above)";
  record(state, {
    title: `${on.name}: ${what} equal to the deployed ones`,
    result: diffs.length === 0 ? "OK" : "FAILED",
  });
}

async function migrate(state: DemoState): Promise<void> {
  const [east, west] = [cluster(state, 0), cluster(state, 1)];
  heading(8, `kubectl velero migrate ${east.name} -> ${west.name}`);
  const args = [
    "migrate",
    "--from-kubeconfig",
    east.kubeconfig,
    "--to-kubeconfig",
    west.kubeconfig,
  ];
  const code = await velero([
    ...args,
    "--include-namespaces",
    APP_NAMESPACE,
    ...fsFlag(state),
    "--timeout",
    "5m",
  ]);
  expectZero(state, "migration (report above; exit 0 means everything arrived)", code);
  await check(state, west, 9, `check the application on ${west.name}`);
}

/** Runs the demo; resolves with the outcomes (the last one FAILED when it stopped early). */
export async function runDemo(cleanup: Cleanup): Promise<StepOutcome[]> {
  const state: DemoState = {
    dir: await demoDir(cleanup),
    outcomes: [],
    clusters: [],
    volumes: false,
  };
  try {
    const installArgs = await startWorld(state, cleanup);
    await install(state, installArgs);
    await deploy(state);
    await backupDeleteRestore(state);
    await migrate(state);
  } catch (error) {
    if (!(error instanceof StepFailed)) {
      state.outcomes.push({ title: "unexpected error", result: "FAILED", detail: String(error) });
    }
  }
  return state.outcomes;
}
