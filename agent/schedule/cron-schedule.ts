// Parses a Schedule's `spec.schedule` as Velero's robfig/cron `ParseStandard` does (five
// fields, descriptors, `@every`, `CRON_TZ=`/`TZ=` prefixes) and computes its next run with croner.
import { Cron } from "croner";
import { parseDuration } from "../../lib/api/index.js";

/** A parsed schedule: the next run strictly after a time, if there is one. */
export interface CronSchedule {
  /** The expression as given. */
  readonly expression: string;
  /** First run strictly after `after` (whole seconds); undefined when it never runs again. */
  next(after: Date): Date | undefined;
}

/** The outcome of {@link parseCronSchedule}: a schedule, or Velero's validation errors. */
export type CronParseResult =
  | { readonly schedule: CronSchedule; readonly errors?: undefined }
  | { readonly schedule?: undefined; readonly errors: readonly string[] };

const descriptors: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** Velero's message for an empty `spec.schedule`. */
export const EMPTY_SCHEDULE_MESSAGE = "Schedule must be a non-empty valid Cron expression";

class CronSyntaxError extends Error {}

/**
 * Parses a schedule the way Velero validates it: `""` ⇒ {@link EMPTY_SCHEDULE_MESSAGE}; anything
 * robfig/cron refuses ⇒ `invalid schedule: <reason>`. Accepted: five fields (minute hour
 * day-of-month month day-of-week, names and `?` allowed, day fields OR-ed as in Vixie cron),
 * `@yearly`/`@annually`/`@monthly`/`@weekly`/`@daily`/`@midnight`/`@hourly`, `@every <Go
 * duration>` (whole seconds, at least 1s, counted from the base time), each optionally after
 * `CRON_TZ=<IANA zone> ` or `TZ=<zone> `. Without a zone, times are UTC (the agent image's zone).
 */
export function parseCronSchedule(expression: string): CronParseResult {
  if (expression === "") return { errors: [EMPTY_SCHEDULE_MESSAGE] };
  try {
    return { schedule: parseSpec(expression) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { errors: [`invalid schedule: ${reason}`] };
  }
}

function parseSpec(expression: string): CronSchedule {
  const { zone, spec } = splitZone(expression);
  if (spec.startsWith("@every ")) return everySchedule(expression, spec.slice("@every ".length));
  const fields = spec.startsWith("@") ? descriptorFields(spec) : spec;
  const parts = fields.split(/\s+/).filter((p) => p !== "");
  if (parts.length !== 5) {
    throw new CronSyntaxError(
      `expected exactly 5 fields, found ${parts.length}: [${parts.join(" ")}]`,
    );
  }
  return cronSchedule(expression, parts.join(" "), zone);
}

function splitZone(expression: string): { zone: string; spec: string } {
  const trimmed = expression.trim();
  if (!trimmed.startsWith("TZ=") && !trimmed.startsWith("CRON_TZ=")) {
    return { zone: "UTC", spec: trimmed };
  }
  const space = trimmed.search(/\s/);
  if (space < 0) throw new CronSyntaxError(`missing cron expression after "${trimmed}"`);
  const zone = trimmed.slice(trimmed.indexOf("=") + 1, space);
  if (!isTimeZone(zone)) {
    throw new CronSyntaxError(`provided bad location ${zone}: unknown time zone ${zone}`);
  }
  return { zone, spec: trimmed.slice(space).trim() };
}

function isTimeZone(zone: string): boolean {
  if (zone === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function descriptorFields(spec: string): string {
  const fields = descriptors[spec];
  if (fields === undefined) throw new CronSyntaxError(`unrecognized descriptor: ${spec}`);
  return fields;
}

function everySchedule(expression: string, durationText: string): CronSchedule {
  let ms: number;
  try {
    ms = parseDuration(durationText);
  } catch {
    throw new CronSyntaxError(
      `failed to parse duration @every ${durationText}: time: invalid duration "${durationText}"`,
    );
  }
  const delayMs = Math.max(1000, Math.trunc(ms / 1000) * 1000);
  return {
    expression,
    next: (after) => new Date(Math.floor(after.getTime() / 1000) * 1000 + delayMs),
  };
}

function cronSchedule(expression: string, fields: string, zone: string): CronSchedule {
  let cron: Cron;
  try {
    cron = new Cron(fields, { paused: true, timezone: zone, mode: "5-part", sloppyRanges: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CronSyntaxError(message.replace(/^CronPattern: /, ""));
  }
  return { expression, next: (after) => cron.nextRun(after) ?? undefined };
}

/** Seconds between the two runs after `now` (Velero's expected-interval metric); 0 if none. */
export function expectedIntervalSeconds(schedule: CronSchedule, now: Date): number {
  const first = schedule.next(now);
  const second = first === undefined ? undefined : schedule.next(first);
  if (first === undefined || second === undefined) return 0;
  return (second.getTime() - first.getTime()) / 1000;
}
