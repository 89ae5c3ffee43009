// Container log files in the CRI format the real kubelet reads (`<RFC3339Nano> <stream> <F|P>
// <text>` per line, one file per container run), and their reading with the pods/log options:
// tailLines, sinceSeconds, timestamps, limitBytes and follow.
import { EventEmitter } from "node:events";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import type { PodLogOptions } from "../cluster-api.js";

/** One parsed log line. */
export interface LogLine {
  readonly time: string;
  readonly stream: "stdout" | "stderr";
  /** True for a complete line (`F`), false for a partial one (`P`). */
  readonly full: boolean;
  readonly text: string;
}

const maxLineBytes = 16 * 1024;

const lastStamp = { ms: 0, sequence: 0 };

/**
 * RFC 3339 with nanoseconds: milliseconds from the clock, then a sequence number that keeps
 * lines written within the same millisecond in order.
 */
export function logTimestamp(now: Date): string {
  const ms = now.getTime();
  lastStamp.sequence = ms === lastStamp.ms ? lastStamp.sequence + 1 : 0;
  lastStamp.ms = ms;
  return `${now.toISOString().slice(0, 23)}${String(lastStamp.sequence).padStart(6, "0")}Z`;
}

/** Formats a line as the CRI log format stores it. */
export function formatLogLine(line: LogLine): string {
  return `${line.time} ${line.stream} ${line.full ? "F" : "P"} ${line.text}\n`;
}

/** Parses one stored line; undefined for anything malformed. */
export function parseLogLine(raw: string): LogLine | undefined {
  const match = /^(\S+) (stdout|stderr) ([FP]) (.*)$/s.exec(raw);
  if (match === null) return undefined;
  const [, time = "", stream, tag, text = ""] = match;
  return { time, stream: stream === "stderr" ? "stderr" : "stdout", full: tag === "F", text };
}

/** A log file being written by a running container; emits `line` for each line and `close`. */
export class ContainerLogWriter extends EventEmitter<{ line: [LogLine]; close: [] }> {
  readonly path: string;
  private fd: number | undefined;
  private readonly pending = { stdout: "", stderr: "" };
  private readonly now: () => Date;

  constructor(path: string, now: () => Date) {
    super();
    this.path = path;
    this.now = now;
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, "a");
  }

  /** True once {@link ContainerLogWriter.close} ran. */
  get closed(): boolean {
    return this.fd === undefined;
  }

  /** Appends output of one stream; complete lines are written at once, the rest waits for its newline. */
  write(stream: "stdout" | "stderr", chunk: Buffer | string): void {
    let buffered = this.pending[stream] + chunk.toString();
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      this.emitLine(stream, buffered.slice(0, newline), true);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
    while (buffered.length > maxLineBytes) {
      this.emitLine(stream, buffered.slice(0, maxLineBytes), false);
      buffered = buffered.slice(maxLineBytes);
    }
    this.pending[stream] = buffered;
  }

  /** Flushes unterminated output and closes the file. */
  close(): void {
    if (this.fd === undefined) return;
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.pending[stream] !== "") this.emitLine(stream, this.pending[stream], true);
      this.pending[stream] = "";
    }
    closeSync(this.fd);
    this.fd = undefined;
    this.emit("close");
  }

  private emitLine(stream: "stdout" | "stderr", text: string, full: boolean): void {
    if (this.fd === undefined) return;
    const line: LogLine = { time: logTimestamp(this.now()), stream, full, text };
    writeSync(this.fd, formatLogLine(line));
    this.emit("line", line);
  }
}

/** Reads every parsable line of a stored log file (none when it does not exist). */
export function readLogLines(path: string): LogLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .map(parseLogLine)
    .filter((l): l is LogLine => l !== undefined);
}

function renderLine(line: LogLine, timestamps: boolean): string {
  return `${timestamps ? `${line.time} ` : ""}${line.text}${line.full ? "\n" : ""}`;
}

/** Selects the lines the options ask for from a stored log. */
export function selectLogLines(
  lines: readonly LogLine[],
  options: PodLogOptions,
  now: Date,
): LogLine[] {
  let selected = [...lines];
  if (options.sinceSeconds !== undefined) {
    const since = now.getTime() - options.sinceSeconds * 1000;
    selected = selected.filter((l) => Date.parse(l.time) >= since);
  }
  if (options.tailLines !== undefined) {
    selected = options.tailLines <= 0 ? [] : selected.slice(-options.tailLines);
  }
  return selected;
}

/** Options of {@link openLogStream}. */
export interface LogStreamOptions {
  readonly path: string;
  /** The writer when the container is still running (for `follow`). */
  readonly live: ContainerLogWriter | undefined;
  readonly options: PodLogOptions;
  readonly now: Date;
}

/**
 * The log as a stream of text, as `GET pods/<name>/log` answers it. With `follow` and a live
 * writer, the stream goes on until the container stops or the reader is destroyed.
 */
export function openLogStream(request: LogStreamOptions): Readable {
  const { options } = request;
  const out = new PassThrough();
  let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;
  const push = (text: string): boolean => {
    const bytes = Buffer.from(text);
    const part = bytes.length > budget ? bytes.subarray(0, budget) : bytes;
    budget -= part.length;
    out.write(part);
    return budget > 0;
  };
  const live = options.follow === true && request.live?.closed === false ? request.live : undefined;
  for (const line of selectLogLines(readLogLines(request.path), options, request.now)) {
    if (!push(renderLine(line, options.timestamps === true))) break;
  }
  if (live === undefined || budget <= 0) {
    out.end();
    return out;
  }
  const onLine = (line: LogLine): void => {
    if (!push(renderLine(line, options.timestamps === true))) finish();
  };
  const finish = (): void => {
    live.off("line", onLine);
    live.off("close", finish);
    if (!out.writableEnded) out.end();
  };
  live.on("line", onLine);
  live.on("close", finish);
  out.on("close", finish);
  return out;
}
