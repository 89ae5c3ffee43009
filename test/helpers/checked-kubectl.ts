// The real kubectl bound to a test cluster, failing the test when a command does not succeed.
import assert from "node:assert/strict";
import type { Kubectl } from "./local-cluster.js";

/** Runs kubectl with optional stdin and returns its stdout; asserts exit code 0. */
export type CheckedKubectl = (args: readonly string[], input?: string) => Promise<string>;

/**
 * Binds kubectl to `cluster`: each run gets `timeoutMs` (kubectl's own default otherwise) and an
 * assertion naming the command and its stderr when it exits non-zero.
 */
export function checkedKubectl(
  cluster: { readonly kubectl: Kubectl },
  timeoutMs?: number,
): CheckedKubectl {
  return async (args, input) => {
    const result = await cluster.kubectl(args, {
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(input === undefined ? {} : { input }),
    });
    assert.equal(result.code, 0, `kubectl ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };
}
