// `uninstall`: removes everything install created, after asking (unless `--force`).
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { restObjectApi } from "../install/object-api.js";
import { uninstallVelero } from "../install/uninstall-velero.js";

interface UninstallCommandOptions {
  readonly force?: boolean;
  readonly wait?: boolean;
}

async function runUninstall(ctx: CliContext, options: UninstallCommandOptions): Promise<void> {
  if (options.wait === true) {
    ctx.print(
      'Warning: the "--wait" option is deprecated and will be removed in a future release. The uninstall command always waits for the uninstall to complete.',
    );
  }
  if (options.force !== true && !(await ctx.confirm("You are about to uninstall Velero."))) return;
  await uninstallVelero({
    api: restObjectApi((type) => ctx.resources(type)),
    clock: ctx.clock,
    print: (line) => {
      ctx.print(line);
    },
    namespace: ctx.namespace,
  });
}

/** Builds `uninstall`. */
export function createUninstallCommand(ctx: CliContext): Command {
  return new Command("uninstall")
    .description(
      "Uninstall Velero: its namespace (with everything in it), its ClusterRoleBinding and the CRDs labelled component=velero. Backups in object storage are kept.",
    )
    .option("--force", "do not ask for confirmation")
    .option("--wait", "deprecated: uninstall always waits")
    .action((options: UninstallCommandOptions) => runUninstall(ctx, options));
}
