// `npm run package`: the single-executable CLI for every platform with a Node binary at hand,
// its release archives, the checksum list and the rendered krew manifest.
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import type { KrewManifest } from "../krew/krew-manifest.js";
import {
  archiveFileName,
  completionHelperName,
  sha256File,
  type ReleaseArchive,
} from "../krew/release-archives.js";
import { renderManifest } from "../krew/render-manifest.js";
import { validateManifest } from "../krew/validate-manifest.js";
import { bundleCli, type BundleResult } from "./bundle-cli.js";
import { writeCodeCaches } from "./code-cache.js";
import { codeCacheFileName, embeddedFileName } from "./embedded-groups.js";
import { readGitRevision } from "./git-revision.js";
import { PackagingError } from "./packaging-error.js";
import { executableName, platformKey, type Platform } from "./platforms.js";
import { checksumsName, writeChecksums, writeReleaseArchive } from "./release-archive.js";
import { hasStrip, injectSeaBlob, writeSeaBlob } from "./sea-executable.js";

/** A platform to build and the `node` binary of that platform (same Node version as the host). */
export interface BuildTarget {
  readonly platform: Platform;
  /** Undefined when none was given: the platform is skipped. */
  readonly nodeBinary: string | undefined;
}

/** Options of {@link buildRelease}. */
export interface BuildReleaseOptions {
  readonly repoRoot: string;
  /** Archives, checksums and velero.yaml go here (default `dist/release`). */
  readonly outDir: string;
  /** Bundle, blobs and executables go here (default `dist/package`). */
  readonly workDir: string;
  readonly targets: readonly BuildTarget[];
  /** The build host's platform: only its executable gets the V8 code cache and `strip`. */
  readonly hostPlatform: Platform;
  /**
   * Put V8's code cache into the host's executable (default true): ~40% faster start-up, but
   * the cache bytes differ from build to build; false gives byte-identical archives.
   */
  readonly codeCache?: boolean;
  readonly baseUrl?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Progress lines. */
  readonly report: (line: string) => void;
}

/** One built platform. */
export interface BuiltPlatform extends ReleaseArchive {
  readonly executable: string;
  readonly executableBytes: number;
}

/** What a build produced. */
export interface ReleaseBuild {
  readonly version: string;
  readonly gitCommit: string;
  /** The main script's size (what every start reads). */
  readonly bundleBytes: number;
  /** The embedded package groups' sizes, by group. */
  readonly embeddedBytes: Readonly<Record<string, number>>;
  readonly built: readonly BuiltPlatform[];
  readonly skipped: readonly string[];
  readonly manifestPath: string;
  readonly checksumsPath: string;
}

async function readVersion(repoRoot: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** Builds every target whose Node binary exists; the others are listed in `skipped`. */
export async function buildRelease(options: BuildReleaseOptions): Promise<ReleaseBuild> {
  const { repoRoot, workDir, outDir, report } = options;
  const version = await readVersion(repoRoot);
  const revision = await readGitRevision(repoRoot, options.env);
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  await mkdir(outDir, { recursive: true });
  const bundle = await bundleCli({
    repoRoot,
    entry: join(repoRoot, "packaging/cli-entry.ts"),
    outfile: join(workDir, "kubectl-velero.cjs"),
    gitCommit: revision.commit,
  });
  const groups = bundle.embedded.map((e) => `${e.group} ${mib(e.bytes)}`).join(", ");
  report(`bundled the CLI (${mib(bundle.bytes)}; embedded ${groups}; commit ${revision.commit})`);
  const present = options.targets.filter(
    (t): t is BuildTarget & { nodeBinary: string } =>
      t.nodeBinary !== undefined && existsSync(t.nodeBinary),
  );
  const skipped = options.targets
    .filter((t) => !present.some((p) => p.platform === t.platform))
    .map(skipReason);
  for (const line of skipped) report(`skipped ${line}`);
  if (present.length === 0) throw new PackagingError("no target platform has a Node binary");
  const built: BuiltPlatform[] = [];
  const started = Date.now();
  for (const target of present) {
    built.push(await buildPlatform(options, { target, version, bundle, revision }));
    report(`built ${platformKey(target.platform)} (${seconds(started)})`);
  }
  const checksumsPath = join(outDir, checksumsName(version));
  await writeChecksums(
    checksumsPath,
    built.map((b) => join(outDir, b.fileName)),
  );
  const manifestPath = await writeManifest(options, version, built);
  return {
    version,
    gitCommit: revision.commit,
    bundleBytes: bundle.bytes,
    embeddedBytes: Object.fromEntries(bundle.embedded.map((e) => [e.group, e.bytes])),
    built,
    skipped,
    manifestPath,
    checksumsPath,
  };
}

function skipReason(target: BuildTarget): string {
  const key = platformKey(target.platform);
  return target.nodeBinary === undefined
    ? `${key}: no Node binary (pass --node-binary ${key}=PATH)`
    : `${key}: no Node binary at ${target.nodeBinary}`;
}

interface PlatformJob {
  readonly target: BuildTarget & { readonly nodeBinary: string };
  readonly version: string;
  readonly bundle: BundleResult;
  readonly revision: { readonly time: Date };
}

async function buildPlatform(
  options: BuildReleaseOptions,
  job: PlatformJob,
): Promise<BuiltPlatform> {
  const { platform } = job.target;
  const isHost = platformKey(platform) === platformKey(options.hostPlatform);
  const useCodeCache = isHost && options.codeCache !== false;
  const dir = join(options.workDir, `${platform.os}_${platform.arch}`);
  await mkdir(dir, { recursive: true });
  const blob = join(options.workDir, useCodeCache ? "sea-cache.blob" : "sea-plain.blob");
  if (!existsSync(blob)) {
    await writeSeaBlob({
      bundle: job.bundle.outfile,
      blob,
      workDir: options.workDir,
      useCodeCache,
      assets: await embeddedAssets(job, useCodeCache),
    });
  }
  const executable = join(dir, executableName("kubectl-velero", platform));
  const strip = isHost && platform.os === "linux" && (await hasStrip());
  await injectSeaBlob({
    nodeBinary: job.target.nodeBinary,
    blob,
    output: executable,
    platform,
    strip,
  });
  const fileName = archiveFileName(job.version, platform);
  const archive = join(options.outDir, fileName);
  await writeReleaseArchive({
    executable,
    completionHelper: join(options.repoRoot, "krew", completionHelperName(platform)),
    license: join(options.repoRoot, "LICENSE"),
    stagingDir: join(dir, "stage"),
    output: archive,
    mtime: job.revision.time,
  });
  const { size } = await stat(executable);
  return {
    platform,
    fileName,
    sha256: await sha256File(archive),
    executable,
    executableBytes: size,
  };
}

/**
 * The SEA assets: each group's file and, with `codeCache`, its V8 code cache (made by the
 * running `node`, the host's base binary).
 */
async function embeddedAssets(
  job: PlatformJob,
  codeCache: boolean,
): Promise<Record<string, string>> {
  const groups = job.bundle.embedded;
  const dir = dirname(job.bundle.outfile);
  if (codeCache) {
    await writeCodeCaches(
      process.execPath,
      dir,
      groups.map((g) => g.group),
    );
  }
  const assets: Record<string, string> = {};
  for (const { group, file } of groups) {
    assets[embeddedFileName(group)] = file;
    if (codeCache) assets[codeCacheFileName(group)] = join(dir, codeCacheFileName(group));
  }
  return assets;
}

async function writeManifest(
  options: BuildReleaseOptions,
  version: string,
  archives: readonly ReleaseArchive[],
): Promise<string> {
  const template = await readFile(join(options.repoRoot, "krew/velero.yaml"), "utf8");
  const text = renderManifest({ template, version, archives, baseUrl: options.baseUrl });
  const report = validateManifest(parse(text) as KrewManifest, "velero.yaml");
  if (report.errors.length > 0) {
    throw new PackagingError(`the rendered krew manifest is invalid: ${report.errors.join("; ")}`);
  }
  const path = join(options.outDir, "velero.yaml");
  await writeFile(path, text);
  return path;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
