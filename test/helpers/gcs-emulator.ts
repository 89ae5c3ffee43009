// Starts a Cloud Storage emulator for a test: Firebase's storage emulator (from the pinned
// firebase-tools dev dependency) in a child process on 127.0.0.1 and a free port, with its
// blobs in a temp dir. It speaks the GCS JSON API @google-cloud/storage uses, but checks no
// credentials or signatures, creates buckets on first use, takes at most 130 MB per request
// and breaks multi-chunk resumable uploads (so the gcp provider uploads streams in one request).
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { emulatorStopper } from "./stop-emulator.js";

/** A running emulator. */
export interface GcsEmulator {
  /** `http://127.0.0.1:<port>`: the gcp provider's `storeEndpoint`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

const main = join(import.meta.dirname, "gcs-emulator-main.ts");

/** Starts the emulator (a few seconds); always `stop()` it. */
export async function startGcsEmulator(): Promise<GcsEmulator> {
  const dir = await mkdtemp(join(tmpdir(), "kv-gcs-"));
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", main, String(port)], {
    env: { ...process.env, TMPDIR: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = emulatorStopper(child, dir);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error("GCS emulator did not start in 60 s"));
      }, 60_000);
      let output = "";
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (!output.includes("listening on")) return;
        clearTimeout(timer);
        resolve();
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`GCS emulator exited with ${String(code)}: ${output.slice(-2000)}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  child.stdout.resume();
  child.stderr.resume();
  return { endpoint: `http://127.0.0.1:${port}`, stop };
}
