// Key derivation from the repository password and authenticated encryption of every stored blob.
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto";
import { WrongPasswordError } from "./errors.js";

const nonceLength = 12;
const tagLength = 16;
const keyLength = 32;

/** Cost parameters of scrypt, stored in the format record. */
export interface KdfParams {
  readonly algorithm: "scrypt";
  readonly n: number;
  readonly r: number;
  readonly p: number;
  /** Base64 salt. */
  readonly salt: string;
}

/** The secret keys of a repository; random at init, stored only wrapped by the password key. */
export interface RepositoryKeys {
  /** AES-256-GCM key of every blob. */
  readonly encryption: Buffer;
  /** HMAC-SHA256 key of chunk ids. */
  readonly mac: Buffer;
  /** Seed of the chunker's gear table, so boundaries do not leak content across repositories. */
  readonly chunkerSeed: Buffer;
}

/** Default scrypt cost: 32 MiB of memory, about 100 ms on one core. */
export function newKdfParams(): KdfParams {
  return { algorithm: "scrypt", n: 1 << 15, r: 8, p: 1, salt: randomBytes(16).toString("base64") };
}

/** Derives the 32-byte key-wrapping key from a password. */
export function deriveKey(password: string, params: KdfParams): Promise<Buffer> {
  const salt = Buffer.from(params.salt, "base64");
  const maxmem = 256 * params.n * params.r + (1 << 20);
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { N: params.n, r: params.r, p: params.p, maxmem }, (e, k) => {
      if (e === null) resolve(k);
      else reject(e);
    });
  });
}

/** Fresh random repository keys. */
export function newRepositoryKeys(): RepositoryKeys {
  return {
    encryption: randomBytes(keyLength),
    mac: randomBytes(keyLength),
    chunkerSeed: randomBytes(keyLength),
  };
}

const wrapLabel = Buffer.from("kubectl-velero repository keys");

/** Encrypts the repository keys under the password-derived key; base64 for the format record. */
export function wrapKeys(keys: RepositoryKeys, wrappingKey: Buffer): string {
  const plain = Buffer.concat([keys.encryption, keys.mac, keys.chunkerSeed]);
  return sealBlob(wrappingKey, plain, wrapLabel).toString("base64");
}

/** Reverses {@link wrapKeys}; a wrong password fails authentication: `WrongPasswordError`. */
export function unwrapKeys(wrapped: string, wrappingKey: Buffer): RepositoryKeys {
  let plain: Buffer;
  try {
    plain = openBlob(wrappingKey, Buffer.from(wrapped, "base64"), wrapLabel);
  } catch {
    throw new WrongPasswordError();
  }
  if (plain.length !== 3 * keyLength) throw new WrongPasswordError();
  return {
    encryption: plain.subarray(0, keyLength),
    mac: plain.subarray(keyLength, 2 * keyLength),
    chunkerSeed: plain.subarray(2 * keyLength),
  };
}

/** Bytes a sealed blob adds to its plaintext (nonce and tag). */
export const sealOverhead = nonceLength + tagLength;

/**
 * AES-256-GCM with a random 96-bit nonce: `nonce | ciphertext | tag`. `aad` binds the blob to
 * its role (e.g. "index") so one kind of blob cannot be passed off as another.
 */
export function sealBlob(key: Buffer, plaintext: Uint8Array, aad?: Uint8Array): Buffer {
  const nonce = randomBytes(nonceLength);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  if (aad !== undefined) cipher.setAAD(aad);
  const out = Buffer.allocUnsafe(plaintext.length + sealOverhead);
  nonce.copy(out, 0);
  const body = cipher.update(plaintext);
  body.copy(out, nonceLength);
  const rest = cipher.final();
  rest.copy(out, nonceLength + body.length);
  cipher.getAuthTag().copy(out, nonceLength + body.length + rest.length);
  return out;
}

/** Opens a {@link sealBlob} result; throws a plain Error when the bytes were tampered with. */
export function openBlob(key: Buffer, sealed: Uint8Array, aad?: Uint8Array): Buffer {
  if (sealed.length < sealOverhead) throw new Error("sealed blob is too short");
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  const decipher = createDecipheriv("aes-256-gcm", key, buf.subarray(0, nonceLength));
  if (aad !== undefined) decipher.setAAD(aad);
  decipher.setAuthTag(buf.subarray(buf.length - tagLength));
  const body = decipher.update(buf.subarray(nonceLength, buf.length - tagLength));
  const rest = decipher.final();
  return rest.length === 0 ? body : Buffer.concat([body, rest]);
}
