// A node-local cache of what opening a repository costs: the repository keys, so scrypt runs
// once per node and password, not once per backup. Every entry is sealed, so a damaged or
// stale entry is simply a miss.
import { createHmac } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openBlob, sealBlob, type RepositoryKeys } from "./crypto.js";
import type { FormatRecord } from "./format.js";

const keysLabel = Buffer.from("kubectl-velero key cache");
const keyLength = 32;
const uniqueIdPattern = /^[0-9a-f]{8,64}$/;

/** Writes `data` to `path` through a temp file and a rename, owner-only. */
function writeCacheFile(path: string, data: Uint8Array): void {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}

/** Reads a cache file; undefined when it is missing or unreadable. */
function readCacheFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The cache directory of one repository, `<root>/<repository unique id>/` (mode 0700). Its
 * files are as sensitive as the repository password: the key entry is sealed under an HMAC of
 * the password (cheap to check, so whoever can read the directory can test passwords fast
 * instead of through scrypt).
 */
export class LocalCache {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** The cache of the repository `format` describes; undefined when it cannot be created. */
  static open(root: string, format: FormatRecord): LocalCache | undefined {
    if (!uniqueIdPattern.test(format.uniqueId)) return undefined;
    const dir = join(root, format.uniqueId);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      return undefined;
    }
    return new LocalCache(dir);
  }

  /** The keys cached for this password and format record, or undefined. */
  readKeys(password: string, format: FormatRecord): RepositoryKeys | undefined {
    const sealed = readCacheFile(join(this.dir, "keys"));
    if (sealed === undefined) return undefined;
    let plain: Buffer;
    try {
      plain = openBlob(keysCacheKey(password, format), sealed, keysLabel);
    } catch {
      return undefined;
    }
    if (plain.length !== 3 * keyLength) return undefined;
    return {
      encryption: plain.subarray(0, keyLength),
      mac: plain.subarray(keyLength, 2 * keyLength),
      chunkerSeed: plain.subarray(2 * keyLength),
    };
  }

  /** Caches `keys` for this password and format record. */
  writeKeys(password: string, format: FormatRecord, keys: RepositoryKeys): void {
    const plain = Buffer.concat([keys.encryption, keys.mac, keys.chunkerSeed]);
    const sealed = sealBlob(keysCacheKey(password, format), plain, keysLabel);
    writeCacheFile(join(this.dir, "keys"), sealed);
  }
}

/**
 * The key sealing the cached keys: an HMAC of the password over the wrapped keys and their
 * KDF parameters, so a changed password or re-wrapped keys make the entry unreadable.
 */
function keysCacheKey(password: string, format: FormatRecord): Buffer {
  const { n, r, p, salt } = format.kdf;
  return createHmac("sha256", password)
    .update(`${keysLabel.toString()}\n${format.uniqueId}\n${n}:${r}:${p}:${salt}\n${format.keys}`)
    .digest();
}
