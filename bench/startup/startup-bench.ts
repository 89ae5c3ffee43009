// `npx tsx bench/startup/startup-bench.ts [--runs N] [--sea PATH] [--bundle PATH] [--before PATH]`:
// start-up time of `kubectl velero version --client-only` (the single binary through kubectl's
// plugin lookup, the binary alone, an earlier build, the plain bundle, tsx) against
// `kubectl version --client` and `node -e 0`, runs interleaved so machine load hits every
// command alike; prints medians and the ratio to kubectl.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { parseArgs } from "node:util";

/** One command line to time. */
export interface Contender {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Slow contenders run once every `every` rounds. */
  readonly every?: number;
}

/** Timings of one contender, in milliseconds. */
export interface Timings {
  readonly name: string;
  readonly samples: number[];
}

/** The median of `values` (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function timeOnce(contender: Contender): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(contender.command, contender.args, {
    env: contender.env ?? process.env,
    encoding: "utf8",
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `${contender.name} failed (${String(result.status)}): ${result.stderr || String(result.error)}`,
    );
  }
  return elapsed;
}

/** Runs every contender `runs` times, round-robin, after one unmeasured warm-up each. */
export function measure(contenders: readonly Contender[], runs: number): Timings[] {
  const timings = contenders.map((c) => ({ name: c.name, samples: [] as number[] }));
  for (const contender of contenders) timeOnce(contender);
  for (let round = 0; round < runs; round++) {
    for (const [index, contender] of contenders.entries()) {
      if (round % (contender.every ?? 1) !== 0) continue;
      timings[index]?.samples.push(timeOnce(contender));
    }
  }
  return timings;
}

/** The report: one row per contender with median, min and the ratio to the reference's median. */
export function formatReport(timings: readonly Timings[], reference: string): string {
  const base = median(timings.find((t) => t.name === reference)?.samples ?? []);
  const rows = timings.map((t) => {
    const m = median(t.samples);
    return `| ${t.name} | ${String(t.samples.length)} | ${m.toFixed(0)} | ${Math.min(...t.samples).toFixed(0)} | ${(m / base).toFixed(2)}× |`;
  });
  return [
    `| command | runs | median ms | min ms | vs ${reference} |`,
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

async function pluginPath(sea: string): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = await mkdtemp(join(tmpdir(), "startup-bench-"));
  await symlink(resolve(sea), join(dir, "kubectl-velero"));
  return { dir, env: { ...process.env, PATH: `${dir}${delimiter}${process.env["PATH"] ?? ""}` } };
}

/** Paths and environments the contenders run with. */
interface ContenderPaths {
  readonly sea: string;
  readonly bundle: string;
  /** An earlier build's binary, timed alongside (`--before`). */
  readonly before: string | undefined;
  /** PATH with the plugin directory first. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The variable Node 20 reads at every start, parsing its CA bundle and its own root
 * certificates before any script runs (~100 ms of CPU here); set on this machine, rarely on a
 * user's.
 */
const EXTRA_CA_VARIABLE = "NODE_EXTRA_CA_CERTS";

function withoutExtraCa(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key !== EXTRA_CA_VARIABLE));
}

function nodeContenders(paths: ContenderPaths): Contender[] {
  const version = ["version", "--client-only"];
  const list: Contender[] = [
    { name: "node -e 0", command: process.execPath, args: ["-e", "0"] },
    {
      name: "kubectl velero (SEA via kubectl)",
      command: "kubectl",
      args: ["velero", ...version],
      env: paths.env,
    },
    { name: "kubectl-velero (SEA)", command: paths.sea, args: version },
  ];
  if (paths.before !== undefined) {
    list.push({ name: "kubectl-velero (SEA, --before)", command: paths.before, args: version });
  }
  if (existsSync(paths.bundle)) {
    list.push({
      name: "node bundle.cjs",
      command: process.execPath,
      args: [paths.bundle, ...version],
    });
  }
  return list;
}

/** Without NODE_EXTRA_CA_CERTS (when it is set): what a user's shell usually gives. */
function cleanEnvContenders(node: readonly Contender[]): Contender[] {
  return node
    .filter((c) => c.name !== "node bundle.cjs")
    .map((c) => ({
      ...c,
      name: `${c.name}, no ${EXTRA_CA_VARIABLE}`,
      env: withoutExtraCa(c.env ?? process.env),
    }));
}

function contenders(paths: ContenderPaths, env: NodeJS.ProcessEnv): Contender[] {
  const node = nodeContenders(paths);
  return [
    { name: "kubectl version --client", command: "kubectl", args: ["version", "--client"] },
    ...node,
    ...(env[EXTRA_CA_VARIABLE] === undefined ? [] : cleanEnvContenders(node)),
    {
      name: "tsx kubectl-velero/main.ts",
      command: process.execPath,
      args: ["--import", "tsx", "kubectl-velero/main.ts", "version", "--client-only"],
      every: 4,
    },
  ];
}

function ratioLine(timings: readonly Timings[], name: string): string {
  const reference = median(timings[0]?.samples ?? []);
  const found = timings.find((t) => t.name === name);
  if (found === undefined) return "";
  return `${name} / kubectl version --client: ${(median(found.samples) / reference).toFixed(2)}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "20" },
      sea: { type: "string", default: "dist/package/linux_amd64/kubectl-velero" },
      bundle: { type: "string", default: "dist/package/kubectl-velero.cjs" },
      before: { type: "string" },
    },
  });
  if (!existsSync(values.sea)) {
    throw new Error(`no single binary at ${values.sea}: run \`npm run package\` first`);
  }
  const plugin = await pluginPath(values.sea);
  try {
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
    const paths = {
      sea: values.sea,
      bundle: values.bundle,
      before: values.before,
      env: plugin.env,
    };
    const list = contenders(paths, process.env);
    const timings = measure(list, Number(values.runs));
    const loadAfter = loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
    process.stdout.write(`load average before: ${load}, after: ${loadAfter}\n\n`);
    process.stdout.write(formatReport(timings, "kubectl version --client") + "\n\n");
    const via = "kubectl velero (SEA via kubectl)";
    process.stdout.write(ratioLine(timings, via));
    process.stdout.write(ratioLine(timings, `${via}, no ${EXTRA_CA_VARIABLE}`));
  } finally {
    await rm(plugin.dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === import.meta.filename) {
  await main();
}
