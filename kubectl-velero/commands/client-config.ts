// `client config get [KEYS...]` and `client config set KEY=VALUE...`: Velero's client config.
import { Command } from "commander";
import {
  CLIENT_CONFIG_KEYS,
  clientConfigPath,
  isClientConfigKey,
  readClientConfig,
  writeClientConfig,
} from "../client-config.js";
import type { CliContext } from "../cli-context.js";
import { UsageError } from "../errors.js";

/** Builds `client config get|set`. */
export function createClientCommand(ctx: CliContext): Command {
  const path = (): string => clientConfigPath(ctx.io.homeDir);
  const get = new Command("get")
    .description("Print client configuration values")
    .argument("[keys...]")
    .action(async (keys: string[]) => {
      const config = await readClientConfig(path());
      const wanted = keys.length === 0 ? Object.keys(config) : keys;
      for (const key of wanted) {
        const value = isClientConfigKey(key) ? config[key] : undefined;
        ctx.print(`${key}: ${value ?? "<NOT SET>"}`);
      }
    });
  const set = new Command("set")
    .description(`Set client configuration values (keys: ${CLIENT_CONFIG_KEYS.join(", ")})`)
    .argument("<pairs...>", "KEY=VALUE pairs")
    .action(async (pairs: string[]) => {
      const config = await readClientConfig(path());
      for (const pair of pairs) {
        const at = pair.indexOf("=");
        const key = at < 0 ? pair : pair.slice(0, at);
        if (at < 0 || !isClientConfigKey(key)) {
          throw new UsageError(
            `invalid client config pair "${pair}": use KEY=VALUE with KEY one of ${CLIENT_CONFIG_KEYS.join(", ")}`,
          );
        }
        config[key] = pair.slice(at + 1);
      }
      await writeClientConfig(path(), config);
    });
  const config = new Command("config").description("Get and set client configuration file values");
  config.addCommand(get).addCommand(set);
  return new Command("client").description("Velero client related commands").addCommand(config);
}
