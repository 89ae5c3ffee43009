// An esbuild plugin that loads npm packages and Node built-in modules on first use instead of at
// start-up, so a command that never touches the cloud SDKs, the Kubernetes client or the network
// stack does not pay for evaluating them (nor, for embedded groups, for reading them).
import type { Plugin } from "esbuild";

const namespace = "lazy-package";

/** Options of {@link lazyPackagesPlugin}. */
export interface LazyPackagesOptions {
  /** Directory bare specifiers are resolved from when the real package is loaded. */
  readonly resolveDir: string;
  /** Specifiers that stay eager (imported as usual). */
  readonly eager?: readonly string[];
  /** The export names of a package as Node's ESM loader sees them (build-time import). */
  readonly exportNames: (specifier: string) => Promise<readonly string[]>;
  /**
   * Packages kept out of the bundle: the group a specifier belongs to, if any, and the loader
   * module (packaging/embedded-loader.ts) whose `loadEmbeddedGroup` returns the group's packages.
   */
  readonly embedded?: {
    readonly groupOf: (specifier: string) => string | undefined;
    readonly loaderPath: string;
  };
}

function isBareSpecifier(path: string): boolean {
  return !path.startsWith(".") && !path.startsWith("/");
}

/**
 * Every bare import (package or built-in) made by the project's own files (not from inside
 * node_modules) becomes a
 * CommonJS stand-in whose exports are getters that `require` the real package on first access.
 * The stand-in has the same export names as Node's ESM namespace of the package, `default`
 * included (CommonJS packages: `module.exports`, as Node gives it). Packages importing each other
 * inside node_modules are untouched; they are only evaluated when their importer is.
 */
export function lazyPackagesPlugin(options: LazyPackagesOptions): Plugin {
  const eager = new Set(options.eager ?? []);
  return {
    name: "lazy-packages",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.namespace === namespace || args.importer.includes("/node_modules/")) return;
        if (args.kind !== "import-statement" || !isBareSpecifier(args.path)) return;
        if (eager.has(args.path)) return;
        return { path: args.path, namespace };
      });
      build.onLoad({ filter: /.*/, namespace }, async (args) => ({
        contents: lazyModuleSource(
          args.path,
          await options.exportNames(args.path),
          embeddedLoad(args.path, options.embedded),
        ),
        loader: "js",
        resolveDir: options.resolveDir,
      }));
    },
  };
}

function embeddedLoad(
  specifier: string,
  embedded: LazyPackagesOptions["embedded"],
): string | undefined {
  const group = embedded?.groupOf(specifier);
  if (embedded === undefined || group === undefined) return undefined;
  const loader = `require(${JSON.stringify(embedded.loaderPath)})`;
  return `${loader}.loadEmbeddedGroup(${JSON.stringify(group)})[${JSON.stringify(specifier)}]`;
}

/**
 * The CommonJS source of the stand-in for `specifier`; `loadExpression` replaces
 * `require(specifier)` (a package of an embedded group).
 */
export function lazyModuleSource(
  specifier: string,
  names: readonly string[],
  loadExpression = `require(${JSON.stringify(specifier)})`,
): string {
  const named = names.filter((name) => name !== "default");
  const defaultGetter =
    "get: () => { const m = load(); return m && m.__esModule && 'default' in m ? m.default : m; }";
  return [
    "let real;",
    `const load = () => (real ??= ${loadExpression});`,
    'Object.defineProperty(exports, "__esModule", { value: true });',
    // One shared loop rather than a literal getter per name: a package like client-node exports
    // over a thousand names, and the stand-in is set up at start-up by whoever imports it.
    `for (const name of ${JSON.stringify(named)}) {`,
    "  Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });",
    "}",
    ...(names.includes("default")
      ? [`Object.defineProperty(exports, "default", { enumerable: true, ${defaultGetter} });`]
      : []),
    "",
  ].join("\n");
}
