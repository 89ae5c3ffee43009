// `migrate --from <context> --to <context>`: moves a workload between clusters through one
// bucket in seven resumable steps and reports what arrived (exit 0 only when everything did).
import { Command, Option } from "commander";
import type { CliContext, CliIo, GlobalOptions } from "../../cli-context.js";
import { addBackupFilterFlags } from "../../flags/backup-filter-flags.js";
import { durationMs, parseDurationFlag } from "../../flags/duration.js";
import { parseColonMap } from "../../flags/string-list.js";
import { parseOutputFormat } from "../../output/format.js";
import { openClusterSide, type ClusterSide } from "../../migrate/cluster-side.js";
import { Deadline } from "../../migrate/deadline.js";
import { MigrationIncompleteError } from "../../migrate/migrate-errors.js";
import {
  requireDistinctSides,
  validateMigrateOptions,
  type MigrateOptions,
} from "../../migrate/migrate-options.js";
import { formatPlan, renderPlan } from "../../migrate/migration-plan.js";
import { planMigration } from "../../migrate/plan-migration.js";
import {
  formatMigrationReport,
  renderMigrationReport,
} from "../../migrate/render-migration-report.js";
import { checkAgents, executeMigration, type MigrationRun } from "../../migrate/run-migration.js";

function addMigrateFlags(command: Command): Command {
  const options = [
    new Option("--from <context>", "kubeconfig context of the source cluster (default: current)"),
    new Option("--to <context>", "kubeconfig context of the target cluster (default: current)"),
    new Option("--from-kubeconfig <path>", "kubeconfig file of the source (default: --kubeconfig)"),
    new Option("--to-kubeconfig <path>", "kubeconfig file of the target (default: --kubeconfig)"),
    new Option("--from-namespace <ns>", "Velero namespace in the source (default: -n)"),
    new Option("--to-namespace <ns>", "Velero namespace in the target (default: -n)"),
    new Option("--namespace-mappings <map>", "src1:dst1,src2:dst2").argParser(parseColonMap),
    new Option(
      "--existing-resource-policy <policy>",
      "objects existing on the target: none or update",
    ),
    new Option("--backup-name <name>", "migrate this existing backup instead of making one"),
    new Option("--timeout <duration>", "give up waiting after this long (resumable)")
      .argParser(parseDurationFlag)
      .default("1h0m0s", "1h"),
    new Option(
      "--ignore-missing-api-versions",
      "restore even when the target lacks API versions the backup needs",
    ),
    new Option("--dry-run", "print the plan and change nothing in either cluster"),
    new Option("-o, --output <format>", "report format: table, json or yaml").argParser(
      parseOutputFormat,
    ),
  ];
  addBackupFilterFlags(command);
  for (const option of options) command.addOption(option);
  return command;
}

/** Builds `migrate`. */
export function createMigrateCommand(ctx: CliContext): Command {
  const command = new Command("migrate").description(
    "Migrate resources and volumes from one cluster to another through their shared bucket",
  );
  addMigrateFlags(command);
  return command.action(async (options: MigrateOptions, self: Command) => {
    await runMigrate(ctx, options, self.optsWithGlobals<GlobalOptions>());
  });
}

function progressIo(io: CliIo, options: MigrateOptions): CliIo {
  const toStderr = options.output === "json" || options.output === "yaml";
  return toStderr ? { ...io, stdout: io.stderr, isTerminal: false } : io;
}

async function openSides(
  ctx: CliContext,
  options: MigrateOptions,
  globals: GlobalOptions,
): Promise<[ClusterSide, ClusterSide]> {
  const io = progressIo(ctx.io, options);
  const source = await openClusterSide(io, {
    role: "source",
    kubeconfig: options.fromKubeconfig ?? globals.kubeconfig,
    context: options.from ?? globals.context,
    namespace: options.fromNamespace ?? ctx.namespace,
  });
  const target = await openClusterSide(io, {
    role: "target",
    kubeconfig: options.toKubeconfig ?? globals.kubeconfig,
    context: options.to ?? globals.context,
    namespace: options.toNamespace ?? ctx.namespace,
  });
  return [source, target];
}

async function runMigrate(
  ctx: CliContext,
  options: MigrateOptions,
  globals: GlobalOptions,
): Promise<void> {
  validateMigrateOptions(options);
  const sides: ClusterSide[] = [];
  try {
    const [source, target] = await openSides(ctx, options, globals);
    sides.push(source, target);
    requireDistinctSides(source, target);
    await migrate(ctx, { source, target, options });
  } finally {
    for (const side of sides) side.ctx.close();
  }
}

async function migrate(
  ctx: CliContext,
  input: { source: ClusterSide; target: ClusterSide; options: MigrateOptions },
): Promise<void> {
  const { options } = input;
  const format =
    options.output === "json" || options.output === "yaml" ? options.output : undefined;
  const setup = { ...input, now: ctx.clock.now() };
  if (options.dryRun === true) {
    const planned = await planMigration(setup);
    ctx.io.stdout.write(
      format === undefined
        ? "Dry run: nothing is changed in either cluster.\n" + renderPlan(planned.plan, true)
        : formatPlan(planned.plan, format),
    );
    return;
  }
  const progress = progressIo(ctx.io, options).stdout;
  const run: MigrationRun = {
    source: input.source,
    target: input.target,
    deadline: new Deadline(ctx.clock, durationMs(options.timeout)),
    print: (line) => progress.write(line + "\n"),
    ignoreMissingApiVersions: options.ignoreMissingApiVersions === true,
    namespaceMappings: options.namespaceMappings,
  };
  await checkAgents(run);
  const planned = await planMigration(setup);
  run.print("\n" + renderPlan(planned.plan, false).trimEnd());
  const report = await executeMigration(run, planned);
  ctx.io.stdout.write(
    format === undefined ? renderMigrationReport(report) : formatMigrationReport(report, format),
  );
  if (!report.arrived) {
    const missing = report.notArrived.filter((m) => !m.byDesign).length;
    throw new MigrationIncompleteError(
      `restore ${report.restorePhase}, ${String(missing)} object(s) did not arrive, ${String(report.errors.length)} error(s)`,
    );
  }
}
