// `npm run package` end to end on this machine's platform: the release archive extracts to a
// binary that kubectl finds as a plugin on PATH, its completion helper answers through kubectl,
// the embedded package groups load from the binary with their code caches, and the rendered
// krew manifest matches the archive. Skipped where a single executable cannot be built.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { extract } from "tar";
import { parse } from "yaml";
import type { KrewManifest } from "../krew/krew-manifest.js";
import { archiveFileName } from "../krew/release-archives.js";
import { archiveEntries, verifyRelease } from "../krew/verify-release.js";
import { makeTempDir, type TempDir } from "../test/helpers/temp-dir.js";
import { TRACE_ENV } from "./embedded-loader.js";
import { platformOfNode } from "./platforms.js";
import { SEA_FUSE } from "./sea-executable.js";

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, "..");
const host = platformOfNode(process.platform, process.arch);

/** Why a single executable cannot be built here, or undefined when it can. */
async function whyNoSea(): Promise<string | undefined> {
  if (host?.os !== "linux")
    return `the packaging test runs on Linux hosts (this is ${process.platform})`;
  try {
    createRequire(import.meta.url).resolve("postject/dist/cli.js");
  } catch {
    return "postject is not installed (npm ci installs it), so no SEA can be injected";
  }
  const node = await readFile(process.execPath);
  if (!node.includes(SEA_FUSE)) {
    return `${process.execPath} has no SEA fuse (a Node build without single-executable support)`;
  }
  try {
    await run("kubectl", ["version", "--client"]);
  } catch {
    return "kubectl is not on PATH";
  }
  return undefined;
}

const skip = await whyNoSea();
if (skip !== undefined) process.stderr.write(`packaging test skipped: ${skip}\n`);

describe("npm run package on this machine's platform", { skip }, () => {
  let dir: TempDir;
  let bin: string;
  let out: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = await makeTempDir("package-test-");
    out = join(dir.path, "release");
    bin = join(dir.path, "bin");
    const npm = await run(
      "npm",
      [
        "run",
        "package",
        "--",
        "--platforms",
        "linux/amd64",
        "--work-dir",
        join(dir.path, "work"),
        "--out-dir",
        out,
      ],
      { cwd: repo, timeout: 540_000, maxBuffer: 16 * 1024 * 1024 },
    );
    assert.match(npm.stdout, /package: kubectl-velero_.*_linux_amd64\.tar\.gz/);
    const version = (
      JSON.parse(await readFile(join(repo, "package.json"), "utf8")) as { version: string }
    ).version;
    await run("mkdir", ["-p", bin]);
    await extract({
      file: join(out, archiveFileName(version, { os: "linux", arch: "amd64" })),
      cwd: bin,
    });
    const { stdout: kubectl } = await run("sh", ["-c", "command -v kubectl"]);
    env = { HOME: dir.path, PATH: [bin, dirname(kubectl.trim()), "/usr/bin", "/bin"].join(":") };
  });
  after(() => dir.remove());

  it("writes an archive of the binary, the completion helper and LICENSE, as the manifest says", async () => {
    const manifest = parse(await readFile(join(out, "velero.yaml"), "utf8")) as KrewManifest;
    assert.deepEqual(await verifyRelease(manifest, out), []);
    const [archive] = (manifest.spec?.platforms ?? []).map((p) =>
      join(out, p.uri?.split("/").pop() ?? ""),
    );
    assert.deepEqual(await archiveEntries(archive ?? ""), [
      "kubectl-velero",
      "kubectl_complete-velero",
      "LICENSE",
    ]);
    for (const name of ["kubectl-velero", "kubectl_complete-velero"]) {
      assert.equal((await stat(join(bin, name))).mode & 0o777, 0o755, name);
    }
  });

  it("runs `kubectl velero version --client-only` through kubectl's plugin lookup, loading no package group", async () => {
    const { stdout, stderr } = await run("kubectl", ["velero", "version", "--client-only"], {
      env: { ...env, [TRACE_ENV]: "1" },
      timeout: 60_000,
    });
    assert.match(stdout, /^Client:\n\tVersion: v\d+\.\d+\.\d+\S*\n\tGit commit: \S+\n$/);
    assert.equal(stderr, "");
  });

  it("answers kubectl's completion of plugin arguments through kubectl_complete-velero", async () => {
    const { stdout } = await run("kubectl", ["__complete", "velero", "sched"], {
      env,
      timeout: 60_000,
    });
    assert.match(stdout, /^schedule\tWork with schedules\n:4\n/);
  });

  it("loads the Kubernetes client and the AWS SDK from the binary with their code caches", async () => {
    const credentials = join(dir.path, "credentials");
    await run("sh", [
      "-c",
      `printf '[default]\\naws_access_key_id=a\\naws_secret_access_key=b\\n' > ${credentials}`,
    ]);
    const traced = { ...env, [TRACE_ENV]: "1" };
    const get = await run(
      "kubectl-velero",
      ["get", "backups", "--kubeconfig", join(dir.path, "absent")],
      { env: traced, timeout: 60_000 },
    ).catch((e: unknown) => e as { stderr: string });
    assert.match(get.stderr, /embedded: kube \(code cache accepted, \d+ ms\)/);
    assert.match(get.stderr, /cannot load kubeconfig/);
    const install = await run(
      "kubectl-velero",
      [
        "install",
        "--provider",
        "aws",
        "--bucket",
        "b",
        "--secret-file",
        credentials,
        "--backup-location-config",
        "region=us-east-1",
        "--dry-run",
        "-o",
        "yaml",
      ],
      { env: traced, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    assert.match(install.stderr, /embedded: aws \(code cache accepted, \d+ ms\)/);
    assert.match(install.stdout, /kind: BackupStorageLocation/);
  });
});
