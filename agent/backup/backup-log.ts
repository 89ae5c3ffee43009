// The per-backup log (`<b>-logs.gz`): logrus-style text lines gzipped as they are written, with
// Velero's warning/error counters and the result messages of `<b>-results.gz`.
import { createGzip, type Gzip } from "node:zlib";
import type { OperationResult, OperationResults } from "../../lib/backup-store/index.js";
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

/** Options of {@link BackupLog}. */
export interface BackupLogOptions {
  readonly clock: Clock;
  /** Lines below this level are dropped (Velero's `--log-level`). */
  readonly level?: LogLevel;
  /** Fields on every line, e.g. `{ backup: "velero/b1" }`. */
  readonly fields?: LogFields;
  /** Receives warnings and errors too (the agent's own log). */
  readonly mirror?: Logger;
}

/** Collects one level's result messages as Velero's log-counter hook does. */
class ResultCollector {
  velero: string[] = [];
  cluster: string[] = [];
  namespaces = new Map<string, string[]>();

  add(message: string, fields: LogFields): void {
    const text = resultText(message, fields);
    const namespace = fields["namespace"];
    if (typeof namespace !== "string") {
      this.velero.push(text);
    } else if (namespace === "") {
      this.cluster.push(text);
    } else {
      const list = this.namespaces.get(namespace) ?? [];
      list.push(text);
      this.namespaces.set(namespace, list);
    }
  }

  toResult(): OperationResult {
    return {
      ...(this.velero.length > 0 ? { velero: this.velero } : {}),
      ...(this.cluster.length > 0 ? { cluster: this.cluster } : {}),
      ...(this.namespaces.size > 0 ? { namespaces: Object.fromEntries(this.namespaces) } : {}),
    };
  }
}

/**
 * One backup's log. `logger` (and its children) write Velero-like text lines
 * (`time="..." level=info msg="Backing up item" backup=velero/b1 name=x namespace=y resource=pods`)
 * into a gzip stream held in memory (compressed, so tens of bytes per item). Every warning and
 * error is counted and kept as a result message: `" resource: /<res> name: /<name> message:
 * /<msg> error: /<err>"`, filed under its `namespace` field (`""` ⇒ cluster, absent ⇒ velero).
 */
export class BackupLog {
  readonly logger: Logger;
  readonly #gzip: Gzip;
  readonly #chunks: Buffer[] = [];
  readonly #options: BackupLogOptions;
  readonly #minimum: number;
  readonly #warnings = new ResultCollector();
  readonly #errors = new ResultCollector();
  #warningCount = 0;
  #errorCount = 0;
  #pending = "";
  #finished: Promise<Buffer> | undefined;
  readonly #formatter = new LineFormatter();

  constructor(options: BackupLogOptions) {
    this.#options = options;
    this.#minimum = levelRank[options.level ?? "info"];
    this.#gzip = createGzip();
    this.#gzip.on("data", (chunk: Buffer) => this.#chunks.push(chunk));
    this.logger = this.#loggerWith(options.fields ?? {});
  }

  /** Warning lines written so far (`status.warnings`). */
  get warnings(): number {
    return this.#warningCount;
  }

  /** Error lines written so far (`status.errors`); any makes the backup PartiallyFailed. */
  get errors(): number {
    return this.#errorCount;
  }

  /** The `<b>-results.gz` content. */
  results(): OperationResults {
    return { errors: this.#errors.toResult(), warnings: this.#warnings.toResult() };
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
    if (level === "warn" || level === "error") this.#count(level, message, fields);
    if (levelRank[level] < this.#minimum || this.#finished !== undefined) return;
    this.#pending += this.#formatter.format(this.#options.clock.now(), level, message, fields);
    if (this.#pending.length >= flushBytes) {
      this.#gzip.write(this.#pending);
      this.#pending = "";
    }
  }

  #count(level: "warn" | "error", message: string, fields: LogFields): void {
    if (level === "warn") {
      this.#warningCount++;
      this.#warnings.add(message, fields);
      this.#options.mirror?.warn(message, fields);
    } else {
      this.#errorCount++;
      this.#errors.add(message, fields);
      this.#options.mirror?.error(message, fields);
    }
  }
}

/** Velero's result message for a log entry (see {@link BackupLog}). */
export function resultText(message: string, fields: LogFields): string {
  let text = "";
  if (typeof fields["resource"] === "string") text += ` resource: /${fields["resource"]}`;
  if (typeof fields["name"] === "string") text += ` name: /${fields["name"]}`;
  text += ` message: /${message}`;
  if (fields["error"] !== undefined) text += ` error: /${fieldText(fields["error"])}`;
  return text;
}

/**
 * A logrus text-formatter line: `time`, `level`, `msg`, then the other fields sorted by key;
 * values quoted when they hold anything but letters, digits and `-._/@^+`.
 */
export function formatLogrusLine(
  time: Date,
  level: LogLevel,
  message: string,
  fields: LogFields,
): string {
  return `time=${quote(stampOf(time))} level=${logrusLevel[level]} msg=${quote(message)}${fieldsText(fields)}`;
}

const maxCachedMessages = 1000;

/**
 * {@link formatLogrusLine} plus a newline, keeping the time text for the current second and the
 * quoted text of recent messages: a backup writes a line per item, nearly all alike.
 */
class LineFormatter {
  #second = Number.NaN;
  #time = "";
  readonly #messages = new Map<string, string>();

  format(time: Date, level: LogLevel, message: string, fields: LogFields): string {
    const second = Math.floor(time.getTime() / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#time = `time=${quote(stampOf(time))} level=`;
    }
    let quoted = this.#messages.get(message);
    if (quoted === undefined) {
      quoted = quote(message);
      if (this.#messages.size >= maxCachedMessages) this.#messages.clear();
      this.#messages.set(message, quoted);
    }
    return `${this.#time}${logrusLevel[level]} msg=${quoted}${fieldsText(fields)}\n`;
  }
}

function stampOf(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function fieldsText(fields: LogFields): string {
  let text = "";
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    if (value !== undefined) text += ` ${key}=${quote(fieldText(value))}`;
  }
  return text;
}

function fieldText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return value.message;
  return JSON.stringify(value);
}

function quote(text: string): string {
  return text !== "" && /^[A-Za-z0-9\-._/@^+]+$/.test(text) ? text : JSON.stringify(text);
}
