// Commander argument parsers for the flags the agent and the node-agent share: Go durations,
// positive counts, comma lists and listen addresses, each rejecting bad input with a message
// that names the value.
import { InvalidArgumentError } from "commander";
import { parseDuration } from "../api/index.js";

/** A listen address: host (`0.0.0.0` when the flag gave only `:port`) and port. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Parses a Go duration (`30s`, `1m`, `720h`) into milliseconds. */
export function durationArg(value: string): number {
  try {
    return parseDuration(value);
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a duration like 30s, 1m or 720h`);
  }
}

/** Parses an integer of at least 1. */
export function positiveIntArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`"${value}" must be an integer ≥ 1`);
  return n;
}

/** Splits a comma list, trimming entries and dropping empty ones. */
export function listArg(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Parses `host:port` or `:port` (Velero's `--metrics-address` form). */
export function addressArg(value: string): ListenAddress {
  const match = /^(.*):(\d+)$/.exec(value);
  if (match === null) throw new InvalidArgumentError(`"${value}" is not an address like :8085`);
  const port = Number(match[2]);
  if (port > 65_535) throw new InvalidArgumentError(`"${value}" has a port above 65535`);
  return { host: match[1] === "" ? "0.0.0.0" : (match[1] ?? ""), port };
}
