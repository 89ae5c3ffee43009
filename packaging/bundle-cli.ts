// Bundles the CLI into one CommonJS file for the single executable: every dependency inlined,
// packages loaded lazily, optional native add-ons stubbed, the git commit defined.
import { isBuiltin } from "node:module";
import { stat } from "node:fs/promises";
import { build } from "esbuild";
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

/** What the bundle holds. */
export interface BundleResult {
  readonly outfile: string;
  readonly bytes: number;
  readonly inputs: readonly string[];
}

/** Source paths that must never reach the CLI bundle (native add-on users). */
const FORBIDDEN_INPUTS = [/^lib\/repository\//, /node_modules\/zstd-napi\//];

async function exportNames(specifier: string): Promise<readonly string[]> {
  const namespace = (await import(specifier)) as Record<string, unknown>;
  return Object.keys(namespace);
}

/** Bundles `entry`; fails with a `PackagingError` if the bundle could not run as a SEA. */
export async function bundleCli(options: BundleOptions): Promise<BundleResult> {
  const result = await build({
    absWorkingDir: options.repoRoot,
    entryPoints: [options.entry],
    outfile: options.outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    keepNames: true,
    legalComments: "eof",
    metafile: true,
    logLevel: "error",
    define: { __GIT_COMMIT__: JSON.stringify(options.gitCommit) },
    plugins: [
      optionalRequiresPlugin(),
      lazyPackagesPlugin({ resolveDir: options.repoRoot, exportNames }),
    ],
  });
  const inputs = Object.keys(result.metafile.inputs);
  checkInputs(inputs);
  const outputs = Object.values(result.metafile.outputs);
  checkExternals(outputs.flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
  const { size } = await stat(options.outfile);
  return { outfile: options.outfile, bytes: size, inputs };
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
