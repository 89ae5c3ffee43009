// Velero's client config file ($HOME/.config/velero/config.json): namespace, features, cacert,
// colorized — read by every command, written by `client config set`.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { InvalidInputError } from "../lib/errors.js";

/** The keys Velero's client config accepts. */
export const CLIENT_CONFIG_KEYS = ["namespace", "features", "cacert", "colorized"] as const;
/** One client config key. */
export type ClientConfigKey = (typeof CLIENT_CONFIG_KEYS)[number];
/** The client config as stored: every value is a string. */
export type ClientConfig = Partial<Record<ClientConfigKey, string>>;

/** `$HOME/.config/velero/config.json`. */
export function clientConfigPath(homeDir: string): string {
  return join(homeDir, ".config", "velero", "config.json");
}

/** Reads the client config; a missing file is an empty config, a broken one an error. */
export async function readClientConfig(path: string): Promise<ClientConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidInputError(`client config ${path} is not valid JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new InvalidInputError(`client config ${path} must hold a JSON object`);
  }
  const config: ClientConfig = {};
  for (const key of CLIENT_CONFIG_KEYS) {
    const value = (parsed as Record<string, unknown>)[key];
    if (value !== undefined)
      config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return config;
}

/** Writes the client config (directory 0700, file 0600, as Velero does). */
export async function writeClientConfig(path: string, config: ClientConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, JSON.stringify(config) + "\n", { mode: 0o600 });
}

/** True when `key` is a client config key. */
export function isClientConfigKey(key: string): key is ClientConfigKey {
  return (CLIENT_CONFIG_KEYS as readonly string[]).includes(key);
}
