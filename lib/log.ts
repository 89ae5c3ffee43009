// Structured logging: one JSON object per line, with child loggers that carry context
// (controller, object key) into every line they write.

/** Severity of a log line, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const levelRank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Extra key/value pairs attached to a log line. Values must be JSON-serialisable. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** Where log lines go: a function that receives one finished line (without newline). */
export type LogSink = (line: string, level: LogLevel) => void;

/** Line format: JSON objects, or logrus-style `key=value` text as Velero writes by default. */
export type LogFormat = "json" | "text";

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly format?: LogFormat;
  readonly sink?: LogSink;
  readonly fields?: LogFields;
  /** Time source for the `time` field; defaults to the wall clock. */
  readonly now?: () => Date;
}

const stderrSink: LogSink = (line) => {
  process.stderr.write(line + "\n");
};

/** Creates a JSON-lines logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const minimum = levelRank[options.level ?? "info"];
  const sink = options.sink ?? stderrSink;
  const now = options.now ?? ((): Date => new Date());
  const base = options.fields ?? {};
  const write = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    if (levelRank[level] < minimum) return;
    const record = { time: now().toISOString(), level, msg: message, ...base, ...fields };
    sink(
      options.format === "text" ? formatText(record) : JSON.stringify(record, replaceErrors),
      level,
    );
  };
  return {
    debug: (m, f) => {
      write("debug", m, f);
    },
    info: (m, f) => {
      write("info", m, f);
    },
    warn: (m, f) => {
      write("warn", m, f);
    },
    error: (m, f) => {
      write("error", m, f);
    },
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** Formats a record as logrus's text formatter does: `time="..." level=info msg="..." k=v`. */
export function formatText(record: Readonly<Record<string, unknown>>): string {
  return Object.entries(record)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${quoteText(value)}`)
    .join(" ");
}

function quoteText(value: unknown): string {
  const text =
    typeof value === "string"
      ? value
      : value instanceof Error
        ? value.message
        : JSON.stringify(value, replaceErrors);
  return /^[A-Za-z0-9_./:@-]+$/.test(text) ? text : JSON.stringify(text);
}

function replaceErrors(_key: string, value: unknown): unknown {
  return value instanceof Error ? value.message : value;
}

/** A logger that drops everything; for tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ sink: () => undefined });

/** True when `level` is a known log level name. */
export function isLogLevel(level: string): level is LogLevel {
  return Object.hasOwn(levelRank, level);
}
