// The program standing in for the project's image on the local test cluster: the image's own
// entry point, with the server commands' metrics endpoint moved to an ephemeral loopback port
// (see loopback-metrics.ts).
import { withLoopbackMetrics } from "./loopback-metrics.js";

const [node = "", script = "", executable = "", ...command] = process.argv;
process.argv = [node, script, executable, ...withLoopbackMetrics(command)];
await import("../../../image/entrypoint.js");
