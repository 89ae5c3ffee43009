// HTTP(S) agents for the providers' connection pools. A pooled socket that sits idle as long as
// the server's keep-alive timeout (Node servers such as Azurite close after 5 s and Node's
// agent waits exactly that long) can be handed to a request just as the server closes it,
// which surfaces as ECONNRESET. Idle sockets are closed well before any common server timeout.
import { Agent as HttpAgent, type AgentOptions } from "node:http";
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from "node:https";
import type { Socket } from "node:net";

/** How long a pooled socket may stay idle before the client closes it. */
export const idleSocketTimeoutMs = 2_000;

/** An http.Agent that keeps connections alive but closes idle ones after {@link idleSocketTimeoutMs}. */
export class KeepAliveHttpAgent extends HttpAgent {
  constructor(options: AgentOptions = {}) {
    super({ ...options, keepAlive: true });
  }

  override keepSocketAlive(socket: Socket): boolean {
    return shortenIdle(baseKeepSocketAlive(this, socket), socket);
  }
}

/** The https twin of {@link KeepAliveHttpAgent}. */
export class KeepAliveHttpsAgent extends HttpsAgent {
  constructor(options: HttpsAgentOptions = {}) {
    super({ ...options, keepAlive: true });
  }

  override keepSocketAlive(socket: Socket): boolean {
    return shortenIdle(baseKeepSocketAlive(this, socket), socket);
  }
}

/** Node's own decision (documented to return a boolean; @types/node declares void). */
function baseKeepSocketAlive(agent: HttpAgent, socket: Socket): boolean {
  const method = Reflect.get(HttpAgent.prototype, "keepSocketAlive") as (
    this: HttpAgent,
    socket: Socket,
  ) => boolean;
  return method.call(agent, socket);
}

function shortenIdle(kept: boolean, socket: Socket): boolean {
  const idle = socket.timeout ?? 0;
  if (kept && (idle === 0 || idle > idleSocketTimeoutMs)) socket.setTimeout(idleSocketTimeoutMs);
  return kept;
}
