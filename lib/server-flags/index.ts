// Flag parsers shared by the agent's and the node-agent's command lines.
export {
  addressArg,
  durationArg,
  listArg,
  positiveIntArg,
  type ListenAddress,
} from "./server-flags.js";
export { defineConnectionFlags, type ConnectionFlags } from "./connection-flags.js";
