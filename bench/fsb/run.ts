// The fsb benchmark: our repository against restic on the same data in the same run.
// Usage: npx tsx bench/fsb/run.ts [--size 1g] [--tiny 1000000] [--keep] (--size 0: tiny files only)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateMixedData, generateTinyFiles, mutateOnePercent } from "./data-generator.js";

const repoRoot = new URL("../..", import.meta.url).pathname;

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kmg]?)$/i.exec(text);
  if (match === null) throw new Error(`bad size ${text}`);
  const unit = { "": 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 }[match[2]!.toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

/** Wall time, CPU time (user + system) and peak RSS of one child process, from /usr/bin/time. */
interface Measure {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  readonly stdout: string;
}

function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Measure {
  const out = join(work, "time.txt");
  const result = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", "-o", out, command, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr.slice(-2000)}`);
  }
  const [seconds, kb, user, sys] = readFileSync(out, "utf8").trim().split("\n").at(-1)!.split(" ");
  return {
    seconds: Number(seconds),
    cpuSeconds: Number(user) + Number(sys),
    peakRssMiB: Number(kb) / 1024,
    stdout: result.stdout,
  };
}

function duBytes(path: string): number {
  return Number(execFileSync("du", ["-sb", path], { encoding: "utf8" }).split("\t")[0]);
}

const work = mkdtempSync(join(tmpdir(), "fsb-"));
const sizeBytes = parseSize(argument("size", "1g"));
const tinyCount = Number(argument("tiny", "1000000"));
const password = join(work, "password");
writeFileSync(password, "bench-password\n");

function buildOurs(): string {
  const out = join(work, "build");
  execFileSync(
    join(repoRoot, "node_modules/.bin/tsc"),
    [
      ...["--outDir", out, "--rootDir", repoRoot, "--module", "nodenext"],
      ...["--moduleResolution", "nodenext", "--target", "ES2022", "--skipLibCheck"],
      ...["--types", "node", "--strict", join(repoRoot, "bench/fsb/ours-cli.ts")],
    ],
    { stdio: "inherit" },
  );
  writeFileSync(join(out, "package.json"), '{"type":"module"}\n');
  symlinkSync(join(repoRoot, "node_modules"), join(out, "node_modules"));
  return join(out, "bench/fsb/ours-cli.js");
}

interface Tool {
  readonly name: string;
  init(repo: string): void;
  backup(repo: string, dir: string): Measure;
  restore(repo: string, target: string): Measure;
}

/**
 * Our side runs compiled, with a libuv pool as wide as restic's I/O concurrency and a local
 * cache dir as restic has.
 */
function oursTool(cli: string): Tool {
  const run = (args: string[]): Measure =>
    measure(process.execPath, [cli, ...args], {
      UV_THREADPOOL_SIZE: "16",
      FSB_CACHE_DIR: join(work, "ours-cache"),
    });
  return {
    name: "ours",
    init: (repo) => void run(["init", repo, password]),
    backup: (repo, dir) => run(["backup", repo, password, dir]),
    restore: (repo, target) => run(["restore", repo, password, target]),
  };
}

function resticTool(): Tool {
  const env = (repo: string): NodeJS.ProcessEnv => ({
    RESTIC_REPOSITORY: repo,
    RESTIC_PASSWORD_FILE: password,
    RESTIC_CACHE_DIR: join(work, "restic-cache"),
  });
  return {
    name: "restic",
    init: (repo) => void measure("restic", ["init", "-q"], env(repo)),
    backup: (repo, dir) => measure("restic", ["backup", "-q", dir], env(repo)),
    restore: (repo, target) =>
      measure("restic", ["restore", "-q", "latest", "--target", target], env(repo)),
  };
}

type Row = Record<string, Measure | number>;

function mixedBenchmark(tools: Tool[]): { rows: Map<string, Row>; bytes: number; floor: Measure } {
  const data = join(work, "data");
  console.error(`generating ${sizeBytes} bytes of mixed data in ${data}`);
  const layout = generateMixedData(data, sizeBytes);
  const floor = measure("sh", ["-c", `find "${data}" -type f -exec cat {} + > /dev/null`]);
  const rows = new Map<string, Row>();
  for (const tool of tools) {
    const repo = join(work, `${tool.name}-repo`);
    tool.init(repo);
    rows.set(tool.name, { first: tool.backup(repo, data) });
    console.error(`${tool.name}: first backup done`);
  }
  const changed = mutateOnePercent(layout);
  console.error(`changed ${changed} bytes`);
  for (const tool of tools) {
    const repo = join(work, `${tool.name}-repo`);
    const row = rows.get(tool.name)!;
    row["incremental"] = tool.backup(repo, data);
    row["unchanged"] = tool.backup(repo, data);
    const target = join(work, `${tool.name}-restore`);
    mkdirSync(target);
    row["restore"] = tool.restore(repo, target);
    row["repoBytes"] = duBytes(repo);
    rmSync(target, { recursive: true, force: true });
    console.error(`${tool.name}: incremental, unchanged and restore done`);
  }
  return { rows, bytes: layout.totalBytes, floor };
}

function tinyBenchmark(tools: Tool[]): Map<string, Measure> {
  const dir = join(work, "tiny");
  console.error(`generating ${tinyCount} tiny files`);
  generateTinyFiles(dir, tinyCount);
  const out = new Map<string, Measure>();
  for (const tool of tools) {
    const repo = join(work, `${tool.name}-tiny-repo`);
    tool.init(repo);
    out.set(tool.name, tool.backup(repo, dir));
    rmSync(repo, { recursive: true, force: true });
    console.error(`${tool.name}: tiny backup done`);
  }
  return out;
}

function cell(m: Measure, bytes?: number): string {
  const rate = bytes === undefined ? "" : `, ${(bytes / 1048576 / m.seconds).toFixed(0)} MB/s`;
  return `${m.seconds.toFixed(2)} s (cpu ${m.cpuSeconds.toFixed(2)} s)${rate}, ${m.peakRssMiB.toFixed(0)} MiB`;
}

function report(mixed: ReturnType<typeof mixedBenchmark>, tiny: Map<string, Measure>): void {
  const ours = mixed.rows.get("ours")!;
  const restic = mixed.rows.get("restic")!;
  const lines = [
    `data: ${(mixed.bytes / 1048576).toFixed(0)} MiB mixed; floor (cat every file once): ${cell(mixed.floor, mixed.bytes)}`,
    "",
    "| operation | ours (time, throughput, peak RSS) | restic | ours / restic time |",
    "|---|---|---|---|",
  ];
  for (const op of ["first", "incremental", "unchanged", "restore"]) {
    const a = ours[op] as Measure;
    const b = restic[op] as Measure;
    const bytes = op === "first" || op === "restore" ? mixed.bytes : undefined;
    lines.push(
      `| ${op} | ${cell(a, bytes)} | ${cell(b, bytes)} | ${(a.seconds / b.seconds).toFixed(2)} |`,
    );
  }
  const ra = ours["repoBytes"] as number;
  const rb = restic["repoBytes"] as number;
  lines.push(
    `| repository size | ${(ra / 1048576).toFixed(1)} MiB | ${(rb / 1048576).toFixed(1)} MiB | ${(ra / rb).toFixed(3)} |`,
  );
  const tinyLine = tinyRow(tiny);
  if (tinyLine !== undefined) lines.push(tinyLine);
  console.log(lines.join("\n"));
}

function tinyRow(tiny: Map<string, Measure>): string | undefined {
  const ta = tiny.get("ours");
  const tb = tiny.get("restic");
  if (ta === undefined || tb === undefined) return undefined;
  return `| ${tinyCount} tiny files, first backup | ${cell(ta)} | ${cell(tb)} | time ${(ta.seconds / tb.seconds).toFixed(2)}, RSS ${(ta.peakRssMiB / tb.peakRssMiB).toFixed(2)} |`;
}

/** The tiny-files row alone (`--size 0`). */
function reportTiny(tiny: Map<string, Measure>): void {
  console.log(
    ["| operation | ours | restic | ours / restic |", "|---|---|---|---|", tinyRow(tiny)].join(
      "\n",
    ),
  );
}

try {
  const tools = [oursTool(buildOurs()), resticTool()];
  if (sizeBytes > 0) {
    const mixed = mixedBenchmark(tools);
    report(mixed, new Map());
    if (tinyCount > 0) report(mixed, tinyBenchmark(tools));
  } else if (tinyCount > 0) {
    reportTiny(tinyBenchmark(tools));
  }
} finally {
  if (!process.argv.includes("--keep")) rmSync(work, { recursive: true, force: true });
}
