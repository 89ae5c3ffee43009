// Persistence under --data-dir: an append-only JSON-lines log written behind the store (batched
// every few milliseconds), replayed and compacted into a fresh log at start-up.
import { createWriteStream, existsSync, type WriteStream } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject } from "../cluster-api.js";
import type { Journal, JournalEntry, JournalState } from "./journal.js";

const LOG_FILE = "objects.jsonl";
const FLUSH_DELAY_MS = 10;
const FLUSH_BYTES = 1 << 20;

type LogLine = JournalEntry | { readonly op: "revision"; readonly revision: number };

function replay(text: string): JournalState {
  const collections = new Map<string, Map<string, KubeObject>>();
  let revision = 1;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    let entry: LogLine;
    try {
      entry = JSON.parse(line) as LogLine;
    } catch {
      continue;
    }
    revision = Math.max(revision, applyLine(collections, entry));
  }
  const objects = new Map<string, KubeObject[]>();
  for (const [key, byName] of collections) objects.set(key, [...byName.values()]);
  return { revision, objects };
}

function applyLine(collections: Map<string, Map<string, KubeObject>>, entry: LogLine): number {
  if (entry.op === "revision") return entry.revision;
  let byName = collections.get(entry.key);
  if (byName === undefined) {
    byName = new Map();
    collections.set(entry.key, byName);
  }
  if (entry.op === "delete") {
    byName.delete(`${entry.namespace}/${entry.name}`);
    return entry.revision;
  }
  const meta = entry.object.metadata;
  byName.set(`${meta.namespace ?? ""}/${meta.name ?? ""}`, entry.object);
  return Number(meta.resourceVersion ?? 0);
}

function compacted(state: JournalState): string {
  const lines = [JSON.stringify({ op: "revision", revision: state.revision })];
  for (const [key, objects] of state.objects) {
    for (const object of objects) lines.push(JSON.stringify({ op: "put", key, object }));
  }
  return lines.join("\n") + "\n";
}

class FileJournal implements Journal {
  private buffer: string[] = [];
  private bufferBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: "a" });
  }

  record(entry: JournalEntry): void {
    const line = JSON.stringify(entry) + "\n";
    this.buffer.push(line);
    this.bufferBytes += line.length;
    if (this.bufferBytes >= FLUSH_BYTES) this.writeOut();
    else
      this.timer ??= setTimeout(() => {
        this.writeOut();
      }, FLUSH_DELAY_MS);
  }

  flush(): Promise<void> {
    this.writeOut();
    return new Promise((resolve, reject) => {
      this.stream.write("", (error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve) => this.stream.end(resolve));
  }

  private writeOut(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    this.stream.write(this.buffer.join(""));
    this.buffer = [];
    this.bufferBytes = 0;
  }
}

/**
 * Loads the state kept in `dir` (empty on first start), rewrites the log compacted, and
 * returns a journal that appends to it.
 */
export async function openFileJournal(
  dir: string,
): Promise<{ journal: Journal; state: JournalState }> {
  const path = join(dir, LOG_FILE);
  const state = existsSync(path)
    ? replay(await readFile(path, "utf8"))
    : { revision: 1, objects: new Map() };
  await writeFile(`${path}.tmp`, compacted(state));
  await rename(`${path}.tmp`, path);
  return { journal: new FileJournal(path), state };
}
