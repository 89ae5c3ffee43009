// Recognises transport failures (refused, reset, timed out, DNS) underneath any SDK's error
// wrapping, so every provider maps them to StorageUnavailableError the same way.

const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EHOSTDOWN",
  "ERR_STREAM_PREMATURE_CLOSE",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "REQUEST_SEND_ERROR",
]);

const networkNames = new Set(["TimeoutError", "RequestTimeout", "AbortError"]);

const networkMessages = [/socket hang up/i, /timed? ?out/i, /connection (was )?(reset|refused)/i];

/** A short description of the transport failure inside `error`, or undefined when it is none. */
export function describeNetworkFailure(error: unknown): string | undefined {
  for (const candidate of causeChain(error)) {
    const code = stringField(candidate, "code");
    if (code !== undefined && networkCodes.has(code)) return code;
    const name = stringField(candidate, "name");
    if (name !== undefined && networkNames.has(name)) return "timeout";
    const message = stringField(candidate, "message") ?? "";
    const matched = networkMessages.find((pattern) => pattern.test(message));
    if (matched !== undefined) return message;
  }
  return undefined;
}

/** `error`, its `cause`, and their causes (AggregateError members included), at most 8 deep. */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 8) {
    const next = queue.shift();
    if (next === undefined || next === null || chain.includes(next)) continue;
    chain.push(next);
    if (typeof next !== "object") continue;
    queue.push((next as { cause?: unknown }).cause);
    if (next instanceof AggregateError) queue.push(...(next.errors as unknown[]));
  }
  return chain;
}

/** A string property of an unknown value, when there is one. */
export function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const found = (value as Record<string, unknown>)[field];
  return typeof found === "string" ? found : undefined;
}

/** A number property of an unknown value, when there is one. */
export function numberField(value: unknown, field: string): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const found = (value as Record<string, unknown>)[field];
  return typeof found === "number" ? found : undefined;
}
