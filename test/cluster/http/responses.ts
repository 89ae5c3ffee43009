// Writing API responses: JSON bodies, `Status` objects for errors and successes, and warnings.
import type { ServerResponse } from "node:http";
import { ApiError } from "../cluster-api.js";

/** A `Status` object as the API returns it. */
export function statusObject(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: code < 400 ? "Success" : "Failure",
    ...(message === "" ? {} : { message }),
    ...(reason === "" ? {} : { reason }),
    ...(details === undefined ? {} : { details }),
    code,
  };
}

/** The Status answer for any thrown value (unexpected errors become 500 InternalError). */
export function errorStatus(error: unknown): { code: number; body: Record<string, unknown> } {
  if (error instanceof ApiError)
    return {
      code: error.code,
      body: statusObject(error.code, error.reason, error.message, error.details),
    };
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 500,
    body: statusObject(500, "InternalError", `Internal error occurred: ${message}`),
  };
}

/** Writes `body` as JSON with `code`; `warnings` become `Warning: 299 - "..."` headers. */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  warnings: readonly string[] = [],
): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(text)),
    "Cache-Control": "no-cache, private",
  };
  if (warnings.length > 0) headers["Warning"] = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(text);
}

/** Writes the Status answer for `error`. */
export function sendError(res: ServerResponse, error: unknown): void {
  const { code, body } = errorStatus(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, code, body);
}
