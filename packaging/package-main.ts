// `npm run package [-- --node-binary os/arch=PATH ...] [--platforms ...] [--base-url URL]`:
// builds the release into dist/release and prints what it built.
import { parseArgs } from "node:util";
import { join } from "node:path";
import { DEFAULT_BASE_URL } from "../krew/render-manifest.js";
import { buildRelease, type BuildTarget } from "./build-release.js";
import { PackagingError } from "./packaging-error.js";
import { parsePlatform, platformKey, platformOfNode, type Platform } from "./platforms.js";

/** Built unless told otherwise; each needs a Node binary of that platform (`--node-binary`). */
const DEFAULT_PLATFORMS = [
  "linux/amd64",
  "linux/arm64",
  "darwin/amd64",
  "darwin/arm64",
  "windows/amd64",
];

const usage = `usage: npm run package -- [options]
  --platforms LIST           comma-separated os/arch pairs (default ${DEFAULT_PLATFORMS.join(",")})
  --node-binary OS/ARCH=PATH the node binary of a platform, same Node version as this one
                             (repeatable; the host's defaults to the running node)
  --base-url URL             release download URL ({version} is replaced; default
                             ${DEFAULT_BASE_URL})
  --out-dir DIR              archives, checksums and velero.yaml (default dist/release)
  --work-dir DIR             intermediate files (default dist/package)
  --reproducible             leave V8's code cache out: byte-identical archives from the same
                             commit, slower start-up`;

function parsePlatformArg(text: string): Platform {
  const platform = parsePlatform(text);
  if (platform === undefined) throw new PackagingError(`unknown platform "${text}"\n${usage}`);
  return platform;
}

function nodeBinaries(values: readonly string[], host: Platform): Map<string, string> {
  const binaries = new Map<string, string>([[platformKey(host), process.execPath]]);
  for (const value of values) {
    const [key = "", path = ""] = value.split(/=(.*)/s);
    if (path === "") throw new PackagingError(`--node-binary wants OS/ARCH=PATH, not "${value}"`);
    binaries.set(platformKey(parsePlatformArg(key)), path);
  }
  return binaries;
}

function targetsOf(platforms: readonly Platform[], binaries: Map<string, string>): BuildTarget[] {
  return platforms.map((platform) => ({
    platform,
    nodeBinary: binaries.get(platformKey(platform)),
  }));
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      platforms: { type: "string" },
      "node-binary": { type: "string", multiple: true },
      "base-url": { type: "string" },
      "out-dir": { type: "string" },
      "work-dir": { type: "string" },
      reproducible: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help === true) {
    process.stdout.write(usage + "\n");
    return 0;
  }
  const host = platformOfNode(process.platform, process.arch);
  if (host === undefined)
    throw new PackagingError(`unsupported build host ${process.platform}/${process.arch}`);
  const repoRoot = new URL("..", import.meta.url).pathname;
  const platforms = (values.platforms?.split(",") ?? DEFAULT_PLATFORMS).map(parsePlatformArg);
  const started = Date.now();
  const build = await buildRelease({
    repoRoot,
    outDir: values["out-dir"] ?? join(repoRoot, "dist/release"),
    workDir: values["work-dir"] ?? join(repoRoot, "dist/package"),
    targets: targetsOf(platforms, nodeBinaries(values["node-binary"] ?? [], host)),
    hostPlatform: host,
    codeCache: values.reproducible !== true,
    baseUrl: values["base-url"],
    env: process.env,
    report: (line) => process.stdout.write(`package: ${line}\n`),
  });
  for (const b of build.built) {
    const size = (b.executableBytes / 1024 / 1024).toFixed(1);
    process.stdout.write(`package: ${b.fileName} (executable ${size} MiB) sha256 ${b.sha256}\n`);
  }
  process.stdout.write(
    `package: v${build.version} (${build.gitCommit}) in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `manifest ${build.manifestPath}, checksums ${build.checksumsPath}\n`,
  );
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`package: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
