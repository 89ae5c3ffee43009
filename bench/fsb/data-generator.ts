// Benchmark data: a mixed tree (many small files and a few large ones, part text, part random),
// a 1% change of it, and a tree of tiny files for memory measurements.
import { randomBytes, randomFillSync } from "node:crypto";
import { mkdirSync, openSync, closeSync, writeSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A fast deterministic PRNG (xorshift32). */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed | 0 || 1;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return x >>> 0;
  }
  below(n: number): number {
    return this.next() % n;
  }
}

const letters = "etaoinshrdlcumwfgypbvkjxqz";

/** Text-like bytes: words from a 20,000-word vocabulary, lines of varying length. */
export class TextSource {
  private readonly words: Buffer[] = [];
  private readonly random: Random;

  constructor(seed: number) {
    this.random = new Random(seed);
    for (let i = 0; i < 20_000; i++) {
      const length = 2 + this.random.below(9);
      let word = "";
      for (let j = 0; j < length; j++)
        word += letters.charAt(this.random.below(this.random.below(26) + 1));
      this.words.push(Buffer.from(word));
    }
  }

  fill(buf: Buffer): Buffer {
    let at = 0;
    let column = 0;
    while (at < buf.length) {
      const word = this.words[this.random.below(this.random.below(this.words.length) + 1)]!;
      at += word.copy(buf, at);
      column += word.length + 1;
      if (at < buf.length) buf[at++] = column > 60 + this.random.below(40) ? 10 : 32;
      if (buf[at - 1] === 10) column = 0;
    }
    return buf;
  }
}

function writeLarge(path: string, size: number, fill: (buf: Buffer) => Buffer): void {
  const fd = openSync(path, "w");
  const block = Buffer.allocUnsafe(4 << 20);
  for (let done = 0; done < size;) {
    const n = Math.min(block.length, size - done);
    writeSync(fd, fill(block.subarray(0, n)));
    done += n;
  }
  closeSync(fd);
}

/** Layout of the mixed data set (returned so the mutation knows where things are). */
export interface MixedData {
  readonly smallFiles: string[];
  readonly largeFiles: { path: string; size: number; isText: boolean }[];
  readonly totalBytes: number;
}

/** Writes ~`totalBytes`: 10,000 small files (1–32 KiB) in 100 dirs, the rest in 4 large files. */
export function generateMixedData(dir: string, totalBytes: number): MixedData {
  const text = new TextSource(7);
  const random = new Random(11);
  const smallFiles: string[] = [];
  let written = 0;
  for (let d = 0; d < 100; d++) {
    const sub = join(dir, "small", `d${String(d).padStart(3, "0")}`);
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < 100; f++) {
      const size = 1024 + random.below(31 * 1024);
      const path = join(sub, `f${f}.${f % 2 === 0 ? "txt" : "bin"}`);
      writeFileSync(path, f % 2 === 0 ? text.fill(Buffer.allocUnsafe(size)) : randomBytes(size));
      smallFiles.push(path);
      written += size;
    }
  }
  mkdirSync(join(dir, "large"), { recursive: true });
  const each = Math.floor((totalBytes - written) / 4);
  const largeFiles = [0, 1, 2, 3].map((i) => ({
    path: join(dir, "large", `file${i}.${i % 2 === 0 ? "log" : "img"}`),
    size: each,
    isText: i % 2 === 0,
  }));
  for (const large of largeFiles) {
    const fill = large.isText
      ? (b: Buffer): Buffer => text.fill(b)
      : (b: Buffer): Buffer => randomFill(b);
    writeLarge(large.path, large.size, fill);
  }
  return { smallFiles, largeFiles, totalBytes: written + each * 4 };
}

/** Changes about 1% of the bytes: a region of two large files and 1% of the small files. */
export function mutateOnePercent(data: MixedData): number {
  const text = new TextSource(99);
  let changed = 0;
  for (const large of data.largeFiles.slice(0, 2)) {
    const length = Math.floor(data.totalBytes * 0.004);
    const fd = openSync(large.path, "r+");
    const region = large.isText ? text.fill(Buffer.allocUnsafe(length)) : randomBytes(length);
    writeSync(fd, region, 0, length, Math.floor(large.size / 3));
    closeSync(fd);
    changed += length;
  }
  for (let i = 0; i < data.smallFiles.length; i += 100) {
    const path = data.smallFiles[i]!;
    const content = text.fill(Buffer.allocUnsafe(16 * 1024));
    writeFileSync(path, content);
    changed += content.length;
  }
  return changed;
}

/** Writes `count` tiny files (20–200 bytes, distinct) in directories of 1,000. */
export function generateTinyFiles(dir: string, count: number): void {
  const random = new Random(3);
  for (let i = 0; i < count; i++) {
    if (i % 1000 === 0) mkdirSync(join(dir, `d${i / 1000}`), { recursive: true });
    const body = `file ${i} ${"x".repeat(random.below(180))}\n`;
    writeFileSync(join(dir, `d${Math.floor(i / 1000)}`, `t${i}`), body);
  }
}

function randomFill(buf: Buffer): Buffer {
  return randomFillSync(buf);
}
