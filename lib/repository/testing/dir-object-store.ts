// A test-only ObjectStore over a local directory (one file per key), for repository tests and
// the fsb benchmark; writes go to a temp file and are renamed into place.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  ObjectNotFoundError,
  type ByteRange,
  type ObjectBody,
  type ObjectInfo,
  type ObjectStore,
} from "../../storage/index.js";

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "ENOENT";
}

/** Writes and fsyncs, as restic's local backend does, so timings compare like for like. */
async function writeDurably(path: string, body: string | Uint8Array): Promise<void> {
  const handle = await open(path, "w");
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Stores each object as a file under `root`; keys map to relative paths. */
export class DirObjectStore implements ObjectStore {
  readonly description: string;
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
    this.description = `directory "${root}"`;
  }

  private pathOf(key: string): string {
    if (key.split("/").some((part) => part === ".." || part === ".")) {
      throw new Error(`invalid key "${key}"`);
    }
    return join(this.root, key);
  }

  async put(key: string, body: ObjectBody): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.tmp-${randomBytes(6).toString("hex")}`;
    try {
      if (typeof body === "string" || body instanceof Uint8Array) await writeDurably(temp, body);
      else await pipeline(body, createWriteStream(temp));
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    let handle;
    try {
      handle = await open(this.pathOf(key), "r");
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(key);
      throw error;
    }
    try {
      const start = range?.offset ?? 0;
      const length = range?.length ?? Math.max(0, (await handle.stat()).size - start);
      const buf = Buffer.allocUnsafe(length);
      let got = 0;
      for (let n = 1; got < length && n > 0; got += n) {
        ({ bytesRead: n } = await handle.read(buf, got, length - got, start + got));
      }
      return Readable.from([buf.subarray(0, got)]);
    } finally {
      await handle.close();
    }
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const infos: ObjectInfo[] = [];
    const folder = prefix.slice(0, prefix.lastIndexOf("/") + 1);
    await this.walk(folder === "" ? this.root : this.pathOf(folder), infos);
    infos.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const info of infos) if (info.key.startsWith(prefix)) yield info;
  }

  async listCommonPrefixes(prefix: string, delimiter: string): Promise<string[]> {
    const out = new Set<string>();
    for await (const { key } of this.list(prefix)) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) out.add(key.slice(0, at + delimiter.length));
    }
    return [...out].sort();
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  signedUrl(key: string): Promise<string> {
    return Promise.resolve(`file://${this.pathOf(key)}`);
  }

  private async walk(dir: string, out: ObjectInfo[]): Promise<void> {
    let names;
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    for (const dirent of names) {
      const path = join(dir, dirent.name);
      if (dirent.isDirectory()) await this.walk(path, out);
      else if (!dirent.name.includes(".tmp-")) {
        const st = await stat(path);
        const key = relative(this.root, path).split(sep).join("/");
        out.push({ key, size: st.size, lastModified: st.mtime });
      }
    }
  }
}
