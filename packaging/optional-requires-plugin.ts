// An esbuild plugin for the optional native add-ons some dependencies try to require (ws,
// node-fetch, the AWS SDK): in a single executable they are absent, and the stand-in fails the
// way a missing module does, so each library takes its pure-JavaScript path.
import type { Plugin } from "esbuild";

const namespace = "optional-require";

/** Optional modules that dependencies require inside try/catch or only on demand. */
export const OPTIONAL_REQUIRES: readonly string[] = [
  "bufferutil",
  "utf-8-validate",
  "encoding",
  "@aws-sdk/signature-v4-crt",
];

/** Resolves each of `names` to a module that throws `MODULE_NOT_FOUND` when required. */
export function optionalRequiresPlugin(names: readonly string[] = OPTIONAL_REQUIRES): Plugin {
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  const filter = new RegExp(`^(${escaped.join("|")})$`);
  return {
    name: "optional-requires",
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace }));
      build.onLoad({ filter: /.*/, namespace }, (args) => ({
        contents: missingModuleSource(args.path),
        loader: "js",
      }));
    },
  };
}

function missingModuleSource(name: string): string {
  const message = JSON.stringify(`Cannot find module '${name}' (not part of the single binary)`);
  return `throw Object.assign(new Error(${message}), { code: "MODULE_NOT_FOUND" });\n`;
}
