// Bundles the CLI for the single executable: a main CommonJS file with every dependency inlined
// except the embedded package groups, which get a CommonJS file each beside it; packages loaded
// lazily, optional native add-ons stubbed, the git commit defined.
import { isBuiltin } from "node:module";
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { build, type BuildOptions, type Metafile } from "esbuild";
import {
  EMBEDDED_GROUPS,
  embeddedFileName,
  embeddedGroupOf,
  groupEntrySource,
  type EmbeddedGroup,
} from "./embedded-groups.js";
import { lazyPackagesPlugin } from "./lazy-packages-plugin.js";
import { optionalRequiresPlugin } from "./optional-requires-plugin.js";
import { PackagingError } from "./packaging-error.js";

/** Options of {@link bundleCli}. */
export interface BundleOptions {
  readonly repoRoot: string;
  readonly entry: string;
  readonly outfile: string;
  /** Value of `__GIT_COMMIT__` (`lib/build-info.ts`). */
  readonly gitCommit: string;
}

/** One embedded package group's file. */
export interface EmbeddedFile {
  readonly group: string;
  readonly file: string;
  readonly bytes: number;
}

/** What the bundle holds. */
export interface BundleResult {
  readonly outfile: string;
  /** Size of the main file (what every start reads). */
  readonly bytes: number;
  readonly inputs: readonly string[];
  /** The groups' files, beside `outfile`, named `embedded-<group>.cjs`. */
  readonly embedded: readonly EmbeddedFile[];
}

/** Source paths that must never reach the CLI bundle (native add-on users). */
const FORBIDDEN_INPUTS = [/^lib\/repository\//, /node_modules\/zstd-napi\//];

async function exportNames(specifier: string): Promise<readonly string[]> {
  const namespace = (await import(specifier)) as Record<string, unknown>;
  return Object.keys(namespace);
}

const common: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  keepNames: true,
  legalComments: "eof",
  logLevel: "error",
};

/**
 * Bundles `entry` and, beside it, one file per embedded group; fails with a `PackagingError` if
 * the result could not run as a SEA.
 */
export async function bundleCli(options: BundleOptions): Promise<BundleResult> {
  const result = await build({
    ...common,
    absWorkingDir: options.repoRoot,
    entryPoints: [options.entry],
    outfile: options.outfile,
    metafile: true,
    define: { __GIT_COMMIT__: JSON.stringify(options.gitCommit) },
    plugins: [
      optionalRequiresPlugin(),
      lazyPackagesPlugin({
        resolveDir: options.repoRoot,
        exportNames,
        embedded: {
          groupOf: (specifier) => embeddedGroupOf(specifier)?.name,
          loaderPath: join(options.repoRoot, "packaging/embedded-loader.ts"),
        },
      }),
    ],
  });
  const inputs = checkMetafile(result.metafile);
  checkNotInlined(inputs);
  const embedded = await Promise.all(
    EMBEDDED_GROUPS.map((g) => bundleGroup(options.repoRoot, dirname(options.outfile), g)),
  );
  const { size } = await stat(options.outfile);
  return { outfile: options.outfile, bytes: size, inputs, embedded };
}

async function bundleGroup(
  repoRoot: string,
  dir: string,
  group: EmbeddedGroup,
): Promise<EmbeddedFile> {
  const file = join(dir, embeddedFileName(group.name));
  const result = await build({
    ...common,
    absWorkingDir: repoRoot,
    stdin: {
      contents: groupEntrySource(group),
      resolveDir: repoRoot,
      sourcefile: `embedded-${group.name}-entry.js`,
      loader: "js",
    },
    outfile: file,
    metafile: true,
    plugins: [optionalRequiresPlugin()],
  });
  checkMetafile(result.metafile);
  const { size } = await stat(file);
  return { group: group.name, file, bytes: size };
}

/** The inputs of a build, after the checks every SEA script must pass. */
function checkMetafile(metafile: Metafile): string[] {
  const inputs = Object.keys(metafile.inputs);
  checkInputs(inputs);
  const outputs = Object.values(metafile.outputs);
  checkExternals(outputs.flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
  return inputs;
}

/** A package of an embedded group inlined into the main file would be read at every start. */
function checkNotInlined(inputs: readonly string[]): void {
  const packages = EMBEDDED_GROUPS.flatMap((g) => g.packages);
  const inlined = packages.filter((p) => inputs.some((i) => i.includes(`node_modules/${p}/`)));
  if (inlined.length > 0) {
    throw new PackagingError(
      `the main bundle inlines packages of embedded groups: ${inlined.join(", ")}`,
    );
  }
}

function checkInputs(inputs: readonly string[]): void {
  const forbidden = inputs.filter((i) => FORBIDDEN_INPUTS.some((re) => re.test(i)));
  if (forbidden.length > 0) {
    throw new PackagingError(
      `the CLI bundle pulls in native-add-on code it must not: ${forbidden.join(", ")}`,
    );
  }
}

/** A SEA's `require` loads built-in modules only: any other module left external would fail. */
function checkExternals(paths: readonly string[]): void {
  const external = [...new Set(paths)].filter((name) => !isBuiltin(name));
  if (external.length > 0) {
    throw new PackagingError(
      `the bundle still requires non-built-in modules at run time: ${external.join(", ")}`,
    );
  }
}
