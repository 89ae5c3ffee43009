// `npm run cluster -- --name c1 --kubeconfig /tmp/c1.kubeconfig --nodes 2 --data-dir /tmp/c1`:
// runs one local test cluster until SIGINT or SIGTERM.
import { parseArgs } from "node:util";
import { createLogger } from "../../lib/log.js";
import { startCluster } from "./start-cluster.js";

const USAGE =
  "usage: npm run cluster -- --name NAME [--kubeconfig PATH] [--nodes N] [--data-dir DIR] [--port PORT] [--no-controllers]";

function options(): Parameters<typeof startCluster>[0] {
  const { values } = parseArgs({
    options: {
      name: { type: "string" },
      kubeconfig: { type: "string" },
      nodes: { type: "string" },
      "data-dir": { type: "string" },
      port: { type: "string" },
      "no-controllers": { type: "boolean" },
      "log-level": { type: "string" },
    },
  });
  const name = values.name;
  if (name === undefined || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
    throw new Error(`--name must be a DNS label\n${USAGE}`);
  const nodes = Number(values.nodes ?? "1");
  if (!Number.isInteger(nodes) || nodes < 0)
    throw new Error(`--nodes must be a non-negative integer\n${USAGE}`);
  const level = values["log-level"] === "debug" ? "debug" : "warn";
  return {
    name,
    nodes,
    log: createLogger({ level, fields: { cluster: name } }),
    controllers: values["no-controllers"] !== true,
    ...(values.kubeconfig === undefined ? {} : { kubeconfigPath: values.kubeconfig }),
    ...(values["data-dir"] === undefined ? {} : { dataDir: values["data-dir"] }),
    ...(values.port === undefined ? {} : { port: Number(values.port) }),
  };
}

async function main(): Promise<void> {
  const cluster = await startCluster(options());
  process.stdout.write(
    `cluster ${cluster.name} ready at ${cluster.url} (kubeconfig ${cluster.kubeconfigPath})\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    cluster.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error stopping cluster: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
