// Starts Azurite (Microsoft's Azure Blob Storage emulator, from node_modules) for a test, on
// 127.0.0.1 and a free port, with its data in a temp dir. It enforces the account key and SAS
// expiry. Account: devstoreaccount1 with its published well-known key.
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { emulatorStopper } from "./stop-emulator.js";

/** A running Azurite blob service. */
export interface AzuriteServer {
  /** `http://127.0.0.1:<port>/devstoreaccount1`: the azure provider's `storageAccountURI`. */
  readonly endpoint: string;
  readonly account: string;
  readonly accountKey: string;
  /** Creates a container with the account key. */
  createContainer(name: string): Promise<void>;
  stop(): Promise<void>;
}

const account = "devstoreaccount1";
const accountKey =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const binary = join(import.meta.dirname, "..", "..", "node_modules", ".bin", "azurite-blob");

/** Starts Azurite's blob service (about a second); always `stop()` it. */
export async function startAzurite(): Promise<AzuriteServer> {
  const dir = await mkdtemp(join(tmpdir(), "kv-azurite-"));
  const port = await freePort();
  const child = spawn(
    binary,
    ["--blobHost", "127.0.0.1", "--blobPort", String(port), "--location", dir, "--silent"].concat([
      "--disableTelemetry",
      "--skipApiVersionCheck",
      "--loose",
    ]),
    { stdio: "ignore" },
  );
  const endpoint = `http://127.0.0.1:${port}/${account}`;
  const stop = emulatorStopper(child, dir);
  try {
    await waitUntilListening(child, endpoint);
  } catch (error) {
    await stop();
    throw error;
  }
  const service = new BlobServiceClient(
    endpoint,
    new StorageSharedKeyCredential(account, accountKey),
  );
  return {
    endpoint,
    account,
    accountKey,
    createContainer: async (name) => {
      await service.getContainerClient(name).create();
    },
    stop,
  };
}

async function waitUntilListening(child: ChildProcess, endpoint: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`azurite exited with code ${child.exitCode}`);
    const up = await fetch(endpoint, { signal: AbortSignal.timeout(1_000) }).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("azurite did not start within 30 s");
}
