// What the demo checks: the application's objects and volume files on a cluster, compared
// with what was deployed (after the fields a restore legitimately changes).
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { kubectl, type DemoCluster } from "./demo-environment.js";
import { APP_FILES, APP_NAMESPACE } from "./sample-app.js";

/** The objects the demo compares, as `kind/name`. */
const CHECKED = ["configmap/shop-settings", "secret/shop-db", "service/shop", "deployment/shop"];

/** What is compared of each object: its content, not server-assigned fields. */
function essence(object: Record<string, unknown>): unknown {
  const spec = (object["spec"] ?? {}) as Record<string, unknown>;
  const { clusterIP: _ip, clusterIPs: _ips, ...serviceSpec } = spec;
  return {
    data: object["data"],
    spec: object["kind"] === "Service" ? serviceSpec : spec,
  };
}

/** A snapshot of the application on a cluster. */
export interface AppSnapshot {
  readonly objects: Readonly<Record<string, unknown>>;
  /** File name → sha256, when the volume was read. */
  readonly files?: Readonly<Record<string, string>> | undefined;
}

async function readObject(cluster: DemoCluster, ref: string, ns: string): Promise<unknown> {
  const result = await kubectl(cluster, ["get", ref, "-n", ns, "-o", "json"]);
  if (result.code !== 0) return `missing (${result.stderr.trim()})`;
  return essence(JSON.parse(result.stdout) as Record<string, unknown>);
}

/** Reads the volume's files through the running pod (undefined until they are there). */
export async function readFiles(
  cluster: DemoCluster,
  ns: string,
): Promise<Record<string, string> | undefined> {
  const list = APP_FILES.map((f) => `/data/${f}`).join(" ");
  const result = await kubectl(cluster, [
    "exec",
    "-n",
    ns,
    "deploy/shop",
    "--",
    "sh",
    "-c",
    `test -f /data/ready && cat ${list} | base64`,
  ]);
  if (result.code !== 0) return undefined;
  const bytes = Buffer.from(result.stdout.replace(/\s+/g, ""), "base64");
  const size = 1024 * 1024;
  if (bytes.length !== size * APP_FILES.length) return undefined;
  return Object.fromEntries(
    APP_FILES.map((f, i) => [
      f,
      createHash("sha256")
        .update(bytes.subarray(i * size, (i + 1) * size))
        .digest("hex"),
    ]),
  );
}

/** Waits (up to `timeoutMs`) until the pod has its files, and returns their checksums. */
export async function waitForFiles(
  cluster: DemoCluster,
  ns: string,
  timeoutMs: number,
): Promise<Record<string, string> | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = await readFiles(cluster, ns);
    if (files !== undefined || Date.now() > deadline) return files;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Snapshot of the objects (and files, when `withFiles`). */
export async function snapshotApp(
  cluster: DemoCluster,
  options: { readonly namespace?: string; readonly withFiles: boolean; readonly timeoutMs: number },
): Promise<AppSnapshot> {
  const ns = options.namespace ?? APP_NAMESPACE;
  const objects: Record<string, unknown> = {};
  for (const ref of CHECKED) objects[ref] = await readObject(cluster, ref, ns);
  const files = options.withFiles ? await waitForFiles(cluster, ns, options.timeoutMs) : undefined;
  return { objects, files };
}

/** The differences between two snapshots, one line each (empty when equal). */
export function differences(expected: AppSnapshot, actual: AppSnapshot): string[] {
  const lines: string[] = [];
  for (const ref of CHECKED) {
    if (!isDeepStrictEqual(expected.objects[ref], actual.objects[ref])) {
      lines.push(`${ref} differs: ${JSON.stringify(actual.objects[ref])}`);
    }
  }
  if (expected.files !== undefined) {
    for (const file of APP_FILES) {
      const want = expected.files[file];
      const got = actual.files?.[file];
      if (want !== got)
        lines.push(`/data/${file}: sha256 ${got ?? "missing"}, expected ${want ?? "?"}`);
    }
  }
  return lines;
}
