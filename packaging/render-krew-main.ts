// `npm run package:krew [-- --base-url URL] [--dir DIR]`: re-renders dist/release/velero.yaml
// from the archives already built (e.g. for another download location), then checks it.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import type { KrewManifest } from "../krew/krew-manifest.js";
import { collectArchives, describePlatforms } from "../krew/release-archives.js";
import { renderManifest } from "../krew/render-manifest.js";
import { validateManifest } from "../krew/validate-manifest.js";
import { verifyRelease } from "../krew/verify-release.js";

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { "base-url": { type: "string" }, dir: { type: "string" } },
  });
  const repoRoot = new URL("..", import.meta.url).pathname;
  const dir = values.dir ?? join(repoRoot, "dist/release");
  const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as {
    version: string;
  };
  const archives = await collectArchives(dir, pkg.version);
  const template = await readFile(join(repoRoot, "krew/velero.yaml"), "utf8");
  const text = renderManifest({
    template,
    version: pkg.version,
    archives,
    baseUrl: values["base-url"],
  });
  const manifest = parse(text) as KrewManifest;
  const problems = [
    ...validateManifest(manifest, "velero.yaml").errors,
    ...(await verifyRelease(manifest, dir)),
  ];
  for (const problem of problems) process.stderr.write(`package:krew: ${problem}\n`);
  if (problems.length > 0) return 1;
  await writeFile(join(dir, "velero.yaml"), text);
  process.stdout.write(
    `package:krew: ${join(dir, "velero.yaml")} (${describePlatforms(archives)})\n`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
