import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  deriveKey,
  newKdfParams,
  newRepositoryKeys,
  openBlob,
  sealBlob,
  unwrapKeys,
  wrapKeys,
} from "./crypto.js";
import { WrongPasswordError } from "./errors.js";

describe("crypto", () => {
  const key = Buffer.alloc(32, 1);

  it("round-trips a sealed blob and binds it to its associated data", () => {
    const sealed = sealBlob(key, Buffer.from("hello"), Buffer.from("index"));
    assert.equal(openBlob(key, sealed, Buffer.from("index")).toString(), "hello");
    assert.throws(() => openBlob(key, sealed, Buffer.from("snapshot")));
  });

  it("detects a flipped bit anywhere in a sealed blob", () => {
    const sealed = sealBlob(key, Buffer.alloc(100, 9));
    for (const at of [0, 20, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[at] = (tampered[at] as number) ^ 1;
      assert.throws(() => openBlob(key, tampered), `bit flipped at ${at}`);
    }
  });

  it("uses a fresh nonce, so sealing the same bytes twice differs", () => {
    assert.notDeepEqual(sealBlob(key, Buffer.from("x")), sealBlob(key, Buffer.from("x")));
  });

  it("unwraps the repository keys with the right password only", async () => {
    const kdf = { ...newKdfParams(), n: 1024 };
    const keys = newRepositoryKeys();
    const wrapped = wrapKeys(keys, await deriveKey("right", kdf));
    const unwrapped = unwrapKeys(wrapped, await deriveKey("right", kdf));
    assert.deepEqual(unwrapped.mac, keys.mac);
    assert.deepEqual(unwrapped.encryption, keys.encryption);
    const wrong = await deriveKey("wrong", kdf);
    assert.throws(() => unwrapKeys(wrapped, wrong), WrongPasswordError);
  });
});
