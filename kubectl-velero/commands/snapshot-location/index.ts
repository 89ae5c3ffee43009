// `snapshot-location`: the noun that assembles the volume snapshot location verbs.
import { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { createSnapshotLocationCreateCommand } from "./create.js";
import { createSnapshotLocationDeleteCommand } from "./delete.js";
import { createSnapshotLocationGetCommand } from "./get.js";
import { createSnapshotLocationSetCommand } from "./set.js";

/** Builds `snapshot-location create|get|set|delete`. */
export function createSnapshotLocationCommand(ctx: CliContext): Command {
  return new Command("snapshot-location")
    .description("Work with volume snapshot locations")
    .addCommand(createSnapshotLocationCreateCommand(ctx))
    .addCommand(createSnapshotLocationGetCommand(ctx))
    .addCommand(createSnapshotLocationSetCommand(ctx))
    .addCommand(createSnapshotLocationDeleteCommand(ctx));
}
