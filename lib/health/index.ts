// The metrics and health endpoint the agent and the node-agent serve.
export { startHealthServer, type HealthServer, type HealthServerOptions } from "./health-server.js";
