// Child-process entry of test/helpers/gcs-emulator.ts: runs Firebase's Cloud Storage emulator
// (the StorageEmulator class of firebase-tools, through its EmulatorRegistry) on the port given
// as argument, with the security-rules runtime stubbed out (it would download a Java jar; the
// GCS JSON API the emulator serves for @google-cloud/storage never consults rules).
import { createRequire } from "node:module";

interface StorageEmulatorLike {
  _rulesRuntime: { start(): Promise<void>; stop(): Promise<void> };
  _rulesManager: { start(): Promise<unknown>; stop(): Promise<void>; getRuleset(): undefined };
}

interface FirebaseModules {
  StorageEmulator: new (args: Record<string, unknown>) => StorageEmulatorLike;
  EmulatorRegistry: { start(emulator: StorageEmulatorLike): Promise<void> };
}

const require = createRequire(import.meta.url);
const { StorageEmulator } = require("firebase-tools/lib/emulator/storage/index.js") as Pick<
  FirebaseModules,
  "StorageEmulator"
>;
const { EmulatorRegistry } = require("firebase-tools/lib/emulator/registry.js") as Pick<
  FirebaseModules,
  "EmulatorRegistry"
>;

const port = Number(process.argv[2]);
const emulator = new StorageEmulator({
  projectId: "demo-velero",
  host: "127.0.0.1",
  port,
  rules: [],
  auto_download: false,
});
emulator._rulesRuntime = { start: () => Promise.resolve(), stop: () => Promise.resolve() };
emulator._rulesManager = {
  start: () => Promise.resolve({ errors: [], warnings: [] }),
  stop: () => Promise.resolve(),
  getRuleset: () => undefined,
};
await EmulatorRegistry.start(emulator);
process.stdout.write(`listening on 127.0.0.1:${port}\n`);
