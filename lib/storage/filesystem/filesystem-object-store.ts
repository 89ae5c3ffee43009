// An ObjectStore on a local directory: each key is a file below `<path>/<bucket>/`, written to
// a temp file and renamed into place so readers never see a partial object.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, rename, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import {
  BucketNotFoundError,
  InvalidObjectKeyError,
  ObjectNotFoundError,
  StorageAuthError,
  StorageUnavailableError,
} from "../errors.js";
import { isStreamBody, translateStreamErrors, watchBody } from "../object-body.js";
import type { ByteRange, ObjectBody, ObjectInfo, ObjectStore } from "../object-store.js";
import { describeStore, type ProviderSettings } from "../provider-settings.js";
import { parseFilesystemConfig, type FilesystemConfig } from "./filesystem-config.js";
import { keyToPath } from "./filesystem-key-path.js";
import { directoryPrefixes, isMissing, walkFiles } from "./filesystem-walk.js";

/**
 * Signed URLs are `file://` URLs of the object's file with an `expires` query parameter (Unix
 * seconds): nothing serves them over HTTP, so they only work where the directory is mounted,
 * and the expiry is advisory (a reader may check it; the file does not enforce it).
 */
export class FilesystemObjectStore implements ObjectStore {
  readonly description: string;
  private readonly config: FilesystemConfig;
  private readonly now: () => Date;

  constructor(config: FilesystemConfig, description: string, now: () => Date = () => new Date()) {
    this.config = config;
    this.description = description;
    this.now = now;
  }

  /** Builds the store for a location (`config.path` is the root of the bucket directories). */
  static fromSettings(settings: ProviderSettings): FilesystemObjectStore {
    const config = parseFilesystemConfig(settings);
    return new FilesystemObjectStore(config, describeStore(settings, config.root));
  }

  async put(key: string, body: ObjectBody): Promise<void> {
    const target = keyToPath(this.config.bucketDir, key);
    await this.requireBucket();
    await mkdir(this.config.tempDir, { recursive: true }).catch((e: unknown) => {
      throw this.translate(e, `create ${this.config.tempDir}`);
    });
    const temp = join(this.config.tempDir, `${randomUUID()}.partial`);
    const watch = watchBody(body);
    try {
      await writeTempFile(temp, body);
      await this.moveIntoPlace(temp, target, key);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      if (watch.failure() !== undefined) throw watch.failure();
      if (error instanceof InvalidObjectKeyError) throw error;
      throw this.translate(error, `put "${key}"`);
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const path = keyToPath(this.config.bucketDir, key);
    const handle = await open(path, "r").catch(async (e: unknown) => {
      throw await this.notFoundOr(e, key, `get "${key}"`);
    });
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      throw new ObjectNotFoundError(key, { store: this.description });
    }
    if (range?.length === 0) {
      await handle.close();
      return Readable.from([]);
    }
    const start = range?.offset ?? 0;
    const end = range?.length === undefined ? undefined : start + range.length - 1;
    const stream = handle.createReadStream({ start, end, autoClose: true });
    return translateStreamErrors(stream, (e) => this.translate(e, `read "${key}"`));
  }

  async exists(key: string): Promise<boolean> {
    const path = keyToPath(this.config.bucketDir, key);
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      if (!isMissing(error)) throw this.translate(error, `check "${key}"`);
      await this.requireBucket();
      return false;
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    await this.requireBucket();
    try {
      yield* walkFiles(this.config.bucketDir, prefix);
    } catch (error) {
      throw this.translate(error, `list "${prefix}"`);
    }
  }

  async listCommonPrefixes(prefix: string, delimiter: string): Promise<string[]> {
    await this.requireBucket();
    if (delimiter === "/") {
      return directoryPrefixes(this.config.bucketDir, prefix).catch((e: unknown) => {
        throw this.translate(e, `list prefixes of "${prefix}"`);
      });
    }
    const prefixes = new Set<string>();
    for await (const { key } of this.list(prefix)) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) prefixes.add(key.slice(0, at + delimiter.length));
    }
    return [...prefixes];
  }

  async delete(key: string): Promise<void> {
    const path = keyToPath(this.config.bucketDir, key);
    try {
      await unlink(path);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (!isMissing(error) && code !== "EISDIR" && code !== "EPERM") {
        throw this.translate(error, `delete "${key}"`);
      }
      await this.requireBucket();
      return;
    }
    await this.pruneEmptyParents(dirname(path));
  }

  signedUrl(key: string, ttlSeconds: number): Promise<string> {
    const url = pathToFileURL(keyToPath(this.config.bucketDir, key));
    const expires = Math.floor(this.now().getTime() / 1000) + ttlSeconds;
    url.searchParams.set("expires", String(expires));
    return Promise.resolve(url.href);
  }

  private async moveIntoPlace(temp: string, target: string, key: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await mkdir(dirname(target), { recursive: true }).catch((e: unknown) => {
        throw conflictOr(e, key, "lies below an existing object");
      });
      try {
        await rename(temp, target);
        return;
      } catch (error) {
        if (!isMissing(error) || attempt >= 3) {
          throw conflictOr(error, key, "is already a prefix of other keys");
        }
      }
    }
  }

  /** Removes directories left empty by a delete, up to (not including) the bucket directory. */
  private async pruneEmptyParents(dir: string): Promise<void> {
    let current = dir;
    while (current.startsWith(this.config.bucketDir + "/")) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
      current = dirname(current);
    }
  }

  private async requireBucket(): Promise<void> {
    try {
      if ((await stat(this.config.bucketDir)).isDirectory()) return;
    } catch (error) {
      if (!isMissing(error)) throw this.translate(error, "open the bucket");
    }
    throw new BucketNotFoundError(
      this.config.bucketDir,
      `${this.description}: bucket directory ${this.config.bucketDir} does not exist`,
    );
  }

  private async notFoundOr(error: unknown, key: string, action: string): Promise<Error> {
    const code = (error as { code?: unknown }).code;
    if (!isMissing(error) && code !== "EISDIR") return this.translate(error, action);
    await this.requireBucket();
    return new ObjectNotFoundError(key, { store: this.description, cause: error });
  }

  private translate(error: unknown, action: string): Error {
    const code = (error as { code?: unknown } | null)?.code;
    const detail = error instanceof Error ? error.message : String(error);
    const message = `${this.description}: cannot ${action}: ${detail}`;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
      return new StorageAuthError(message, { cause: error });
    }
    const permanent = code === "ENOSPC" || code === "EDQUOT" || code === "ENAMETOOLONG";
    return new StorageUnavailableError(message, { cause: error, retryable: !permanent });
  }
}

async function writeTempFile(temp: string, body: ObjectBody): Promise<void> {
  if (!isStreamBody(body)) {
    await writeFile(temp, body, { flag: "wx", flush: true });
    return;
  }
  const out = createWriteStream(temp, { flags: "wx", flush: true });
  await pipeline(body, out);
}

function conflictOr(error: unknown, key: string, reason: string): unknown {
  const code = (error as { code?: unknown }).code;
  const conflict = ["EEXIST", "ENOTDIR", "EISDIR", "ENOTEMPTY"].includes(String(code));
  return conflict ? new InvalidObjectKeyError(key, reason, { cause: error }) : error;
}
