// Checks a schedule's cron expression before it is submitted, accepting what Velero's cron
// parser (robfig/cron ParseStandard) accepts: five fields, `@daily`-style descriptors,
// `@every <duration>`, and a `CRON_TZ=`/`TZ=` prefix.
import { Cron } from "croner";
import { parseDuration } from "../../lib/api/index.js";
import { UsageError } from "../errors.js";

const descriptors = new Set([
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
]);

/** Why `expression` is not a schedule Velero accepts, or undefined when it is one. */
export function cronProblem(expression: string): string | undefined {
  const spec = expression.trim();
  if (spec === "") return "Schedule must be a non-empty valid Cron expression";
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(spec);
  if (tz === null) return specProblem(spec);
  const [, zone = "", rest = ""] = tz;
  return isTimeZone(zone) ? specProblem(rest.trim()) : `provided bad location ${zone}`;
}

function specProblem(spec: string): string | undefined {
  if (spec.startsWith("@every ")) return everyProblem(spec.slice("@every ".length).trim());
  if (spec.startsWith("@")) {
    return descriptors.has(spec) ? undefined : `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: ${spec}`;
  try {
    new Cron(spec, { paused: true, mode: "5-part" }).stop();
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^CronPattern: /, "") : String(error);
  }
  return undefined;
}

function everyProblem(duration: string): string | undefined {
  try {
    return parseDuration(duration) > 0
      ? undefined
      : `@every needs a positive duration: ${duration}`;
  } catch {
    return `failed to parse duration @every ${duration}`;
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Throws {@link UsageError} unless `expression` is a valid schedule: `invalid schedule "x": ...`. */
export function requireCronSchedule(expression: string | undefined): string {
  if (expression === undefined || expression === "") throw new UsageError("--schedule is required");
  const problem = cronProblem(expression);
  if (problem !== undefined) throw new UsageError(`invalid schedule "${expression}": ${problem}`);
  return expression;
}
