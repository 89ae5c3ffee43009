// The per-restore log (`restore-<r>-logs.gz`): logrus-style text lines, gzipped in memory as
// they are written, optionally mirrored into the agent's own log.
import { createGzip, type Gzip } from "node:zlib";
import type { Clock } from "../../lib/clock.js";
import type { LogFields, Logger, LogLevel } from "../../lib/log.js";

const levelRank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const logrusLevel: Record<LogLevel, string> = {
  debug: "debug",
  info: "info",
  warn: "warning",
  error: "error",
};
const flushBytes = 64 * 1024;

/** Options of {@link RestoreLog}. */
export interface RestoreLogOptions {
  readonly clock: Clock;
  /** Lines below this level are dropped (Velero's `--log-level`, default info). */
  readonly level?: LogLevel;
  /** Fields on every line, e.g. `{ restore: "velero/r1" }`. */
  readonly fields?: LogFields;
  /** Receives warnings and errors too (the agent's own log). */
  readonly mirror?: Logger;
}

/**
 * One restore's log. `logger` (and its children) write lines such as
 * `time="2026-01-02T03:04:05Z" level=info msg="Restored 3 items" restore=velero/r1` into a gzip
 * stream held in memory (compressed, so a few bytes per line). `finish` ends it.
 */
export class RestoreLog {
  readonly logger: Logger;
  readonly #gzip: Gzip;
  readonly #chunks: Buffer[] = [];
  readonly #options: RestoreLogOptions;
  readonly #minimum: number;
  #pending = "";
  #finished: Promise<Buffer> | undefined;

  constructor(options: RestoreLogOptions) {
    this.#options = options;
    this.#minimum = levelRank[options.level ?? "info"];
    this.#gzip = createGzip();
    this.#gzip.on("data", (chunk: Buffer) => this.#chunks.push(chunk));
    this.logger = this.#loggerWith(options.fields ?? {});
  }

  /** Ends the log and resolves with its gzip bytes; later lines are dropped. */
  finish(): Promise<Buffer> {
    this.#finished ??= new Promise<Buffer>((resolve, reject) => {
      this.#gzip.once("end", () => {
        resolve(Buffer.concat(this.#chunks));
      });
      this.#gzip.once("error", reject);
      this.#gzip.end(this.#pending);
      this.#pending = "";
    });
    return this.#finished;
  }

  #loggerWith(base: LogFields): Logger {
    const at =
      (level: LogLevel) =>
      (message: string, fields?: LogFields): void => {
        this.#write(level, message, fields === undefined ? base : { ...base, ...fields });
      };
    return {
      debug: at("debug"),
      info: at("info"),
      warn: at("warn"),
      error: at("error"),
      child: (fields) => this.#loggerWith({ ...base, ...fields }),
    };
  }

  #write(level: LogLevel, message: string, fields: LogFields): void {
    if (level === "warn") this.#options.mirror?.warn(message, fields);
    if (level === "error") this.#options.mirror?.error(message, fields);
    if (levelRank[level] < this.#minimum || this.#finished !== undefined) return;
    this.#pending += formatLogLine(this.#options.clock.now(), level, message, fields) + "\n";
    if (this.#pending.length >= flushBytes) {
      this.#gzip.write(this.#pending);
      this.#pending = "";
    }
  }
}

/**
 * A logrus text-formatter line: `time`, `level`, `msg`, then the other fields sorted by key;
 * values are quoted unless they are only letters, digits and `-._/@^+`.
 */
export function formatLogLine(
  time: Date,
  level: LogLevel,
  message: string,
  fields: LogFields,
): string {
  const stamp = secondStamp(time);
  let line = `time=${quote(stamp)} level=${logrusLevel[level]} msg=${quote(message)}`;
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    if (value !== undefined) line += ` ${quoteKey(key)}=${quote(fieldText(value))}`;
  }
  return line;
}

let lastSecond = Number.NaN;
let lastStamp = "";

/** `time` in RFC 3339 to the second; lines come many per second, so the last one is kept. */
function secondStamp(time: Date): string {
  const second = Math.floor(time.getTime() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastStamp = time.toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  return lastStamp;
}

function fieldText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return value.message;
  return JSON.stringify(value);
}

function quote(text: string): string {
  return text !== "" && /^[A-Za-z0-9\-._/@^+]+$/.test(text) ? text : JSON.stringify(text);
}

function quoteKey(key: string): string {
  return /\s/.test(key) ? JSON.stringify(key) : key;
}
