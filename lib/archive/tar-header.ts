// Tar headers for regular files, byte for byte as Go's archive/tar writes Velero's entries:
// USTAR (with the prefix split) when the name fits, otherwise a PAX `path` record first.

/** Size of a tar block; headers are one block, bodies are padded to a multiple of it. */
export const tarBlockSize = 512;

const nameSize = 100;
const prefixSize = 155;
const fileMode = 0o755;

/** What Velero puts in every entry header: a name, a size and a modification time. */
export interface TarFileHeader {
  readonly path: string;
  readonly size: number;
  readonly mtime: Date;
}

/** Bytes of zero padding after a body of `size` bytes. */
export function tarPadding(size: number): number {
  const rest = size % tarBlockSize;
  return rest === 0 ? 0 : tarBlockSize - rest;
}

/**
 * Number of bytes {@link writeTarFileHeader} writes for `path`: 512 for USTAR, more when a
 * PAX extended header must precede it.
 */
export function tarHeaderLength(path: string): number {
  const pax = paxRecords(path);
  if (pax === undefined) return tarBlockSize;
  return 2 * tarBlockSize + Buffer.byteLength(pax) + tarPadding(Buffer.byteLength(pax));
}

/**
 * Writes the header(s) of a regular file at `offset` and returns the number of bytes
 * written (see {@link tarHeaderLength}); `target` must have room. Mode 0755, uid/gid 0, no
 * user or group names, mtime rounded to the second, as Go does for a header without an
 * explicit format.
 */
export function writeTarFileHeader(target: Buffer, offset: number, header: TarFileHeader): number {
  const mtime = Math.round(header.mtime.getTime() / 1000);
  const pax = paxRecords(header.path);
  if (pax === undefined) {
    const split = splitUstarPath(header.path);
    writeFileBlock(target, offset, {
      name: split?.name ?? header.path,
      prefix: split?.prefix ?? "",
      size: header.size,
      mtime,
    });
    return tarBlockSize;
  }
  const paxLength = Buffer.byteLength(pax);
  const paxName = paxHeaderName(header.path);
  writeBlock(target, offset, {
    name: paxName,
    size: paxLength,
    mtime: 0,
    typeflag: "x",
    mode: 0,
    isExtension: true,
  });
  let at = offset + tarBlockSize;
  at += target.write(pax, at, "utf8");
  target.fill(0, at, at + tarPadding(paxLength));
  at += tarPadding(paxLength);
  const name = truncateName(toAscii(header.path));
  writeBlock(target, at, { name, size: header.size, mtime, typeflag: "0", mode: fileMode });
  return at + tarBlockSize - offset;
}

interface BlockFields {
  readonly name: string;
  readonly prefix?: string;
  readonly size: number;
  readonly mtime: number;
  readonly typeflag: string;
  readonly mode: number;
  /** Go leaves the device fields of an extended header all zero bytes. */
  readonly isExtension?: boolean;
}

function writeBlock(target: Buffer, offset: number, fields: BlockFields): void {
  target.fill(0, offset, offset + tarBlockSize);
  target.write(fields.name, offset, nameSize, "latin1");
  writeOctal(target, offset + 100, 8, fields.mode);
  writeOctal(target, offset + 108, 8, 0);
  writeOctal(target, offset + 116, 8, 0);
  writeOctal(target, offset + 124, 12, fields.size);
  writeOctal(target, offset + 136, 12, fields.mtime);
  target.write(fields.typeflag, offset + 156, 1, "latin1");
  target.write("ustar\u000000", offset + 257, 8, "latin1");
  if (fields.isExtension !== true) {
    writeOctal(target, offset + 329, 8, 0);
    writeOctal(target, offset + 337, 8, 0);
  }
  if (fields.prefix !== undefined && fields.prefix !== "") {
    target.write(fields.prefix, offset + 345, prefixSize, "latin1");
  }
  let sum = 8 * 0x20;
  for (let i = offset; i < offset + 148; i++) sum += target[i] ?? 0;
  for (let i = offset + 156; i < offset + tarBlockSize; i++) sum += target[i] ?? 0;
  writeOctal(target, offset + 148, 7, sum);
  target[offset + 155] = 0x20;
}

/** The constant part of every regular-file header, and its byte sum for the checksum. */
const fileTemplate = Buffer.alloc(tarBlockSize);
writeBlock(fileTemplate, 0, { name: "", size: 0, mtime: 0, typeflag: "0", mode: fileMode });
fileTemplate.fill(0, 124, 156);
let fileTemplateSum = 8 * 0x20;
for (let i = 0; i < tarBlockSize; i++)
  if (i < 148 || i >= 156) fileTemplateSum += fileTemplate[i] ?? 0;

/**
 * {@link writeBlock} for the common case (an ASCII regular file that fits USTAR), from a
 * template: the header of every item, so it is kept cheap.
 */
function writeFileBlock(
  target: Buffer,
  offset: number,
  fields: { name: string; prefix: string; size: number; mtime: number },
): void {
  fileTemplate.copy(target, offset);
  const size = fields.size.toString(8).padStart(11, "0");
  const mtime = fields.mtime.toString(8).padStart(11, "0");
  target.write(fields.name, offset, nameSize, "latin1");
  target.write(size, offset + 124, 11, "latin1");
  target.write(mtime, offset + 136, 11, "latin1");
  if (fields.prefix !== "") target.write(fields.prefix, offset + 345, prefixSize, "latin1");
  const sum =
    fileTemplateSum +
    byteSum(fields.name) +
    byteSum(fields.prefix) +
    byteSum(size) +
    byteSum(mtime);
  writeOctal(target, offset + 148, 7, sum);
  target[offset + 155] = 0x20;
}

function byteSum(ascii: string): number {
  let sum = 0;
  for (let i = 0; i < ascii.length; i++) sum += ascii.charCodeAt(i);
  return sum;
}

function writeOctal(target: Buffer, offset: number, width: number, value: number): void {
  const digits = value.toString(8).padStart(width - 1, "0");
  target.write(digits, offset, width - 1, "latin1");
  target[offset + width - 1] = 0;
}

const nonAscii = /[\u0080-\uffff]/;
const nonAsciiAll = /[\u0080-\uffff]/g;

function isAscii(text: string): boolean {
  return !nonAscii.test(text);
}

function toAscii(text: string): string {
  return text.replace(nonAsciiAll, "");
}

function truncateName(name: string): string {
  return name.length > nameSize ? name.slice(0, nameSize) : name;
}

/** Go's splitUSTARPath: a name longer than 100 ASCII bytes split at a `/` into prefix/name. */
function splitUstarPath(path: string): { prefix: string; name: string } | undefined {
  if (path.length <= nameSize || !isAscii(path)) return undefined;
  let length = path.length;
  if (length > prefixSize + 1) length = prefixSize + 1;
  else if (path.endsWith("/")) length--;
  const slash = path.lastIndexOf("/", length - 1);
  const suffixLength = path.length - slash - 1;
  if (slash <= 0 || suffixLength > nameSize || suffixLength === 0 || slash > prefixSize) {
    return undefined;
  }
  return { prefix: path.slice(0, slash), name: path.slice(slash + 1) };
}

/** The PAX records Go writes for `path`, or `undefined` when USTAR can hold it. */
function paxRecords(path: string): string | undefined {
  const fits = isAscii(path) && path.length <= nameSize;
  if (fits || splitUstarPath(path) !== undefined) return undefined;
  return paxRecord("path", path);
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  let size = bodyLength + String(bodyLength).length;
  if (String(size).length + bodyLength !== size) size = String(size).length + bodyLength;
  return `${size}${body}`;
}

/** Go names the extended header `<dir>/PaxHeaders.0/<file>`, ASCII only, cut to 100 bytes. */
function paxHeaderName(path: string): string {
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "" : path.slice(0, slash);
  const file = path.slice(slash + 1);
  const joined = dir === "" ? `PaxHeaders.0/${file}` : `${dir}/PaxHeaders.0/${file}`;
  return truncateName(toAscii(joined)).replace(/\/+$/, "");
}
