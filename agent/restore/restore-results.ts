// The warnings and errors of a restore, in Velero's Result buckets: Velero-level messages,
// cluster-scoped items, and per-namespace items.
import type { OperationResult, OperationResults } from "../../lib/backup-store/index.js";

/** One level (warnings or errors) of a restore's results. */
export class ResultBucket {
  readonly velero: string[] = [];
  readonly cluster: string[] = [];
  readonly namespaces = new Map<string, string[]>();

  /** Files `message` under `namespace` (`""` ⇒ cluster-scoped), as Velero's `Result.Add`. */
  add(namespace: string, message: string): void {
    if (namespace === "") {
      this.cluster.push(message);
      return;
    }
    const list = this.namespaces.get(namespace);
    if (list === undefined) this.namespaces.set(namespace, [message]);
    else list.push(message);
  }

  /** Files a message about the restore itself (Velero's `AddVeleroError`). */
  addVelero(message: string): void {
    this.velero.push(message);
  }

  /** Appends every message of `other`. */
  merge(other: ResultBucket): void {
    this.velero.push(...other.velero);
    this.cluster.push(...other.cluster);
    for (const [namespace, messages] of other.namespaces) {
      for (const message of messages) this.add(namespace, message);
    }
  }

  /** Number of messages (Velero's `status.warnings`/`status.errors`). */
  get count(): number {
    let total = this.velero.length + this.cluster.length;
    for (const messages of this.namespaces.values()) total += messages.length;
    return total;
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }

  /** The JSON shape of `restore-<r>-results.gz` (empty buckets left out). */
  toResult(): OperationResult {
    return {
      ...(this.velero.length > 0 ? { velero: [...this.velero] } : {}),
      ...(this.cluster.length > 0 ? { cluster: [...this.cluster] } : {}),
      ...(this.namespaces.size > 0
        ? { namespaces: Object.fromEntries([...this.namespaces].map(([k, v]) => [k, [...v]])) }
        : {}),
    };
  }
}

/** Warnings and errors together. */
export class RestoreResults {
  readonly warnings = new ResultBucket();
  readonly errors = new ResultBucket();

  merge(other: RestoreResults): void {
    this.warnings.merge(other.warnings);
    this.errors.merge(other.errors);
  }

  get isEmpty(): boolean {
    return this.warnings.isEmpty && this.errors.isEmpty;
  }

  toStore(): OperationResults {
    return { warnings: this.warnings.toResult(), errors: this.errors.toResult() };
  }
}
