// Fluent builder of Restore objects.
import type { Restore, RestorePhase, PolicyType } from "../restore.js";
import { ObjectBuilder } from "./object-builder.js";

/** Builds a Restore: `new RestoreBuilder("velero", "r1").backup("b1").build()`. */
export class RestoreBuilder extends ObjectBuilder<Restore> {
  constructor(namespace: string, name: string) {
    super({ apiVersion: "velero.io/v1", kind: "Restore", metadata: { namespace, name }, spec: {} });
  }

  /** Sets `spec.backupName`. */
  backup(name: string): this {
    return this.spec({ backupName: name });
  }

  /** Sets `spec.scheduleName`. */
  schedule(name: string): this {
    return this.spec({ scheduleName: name });
  }

  /** Sets `spec.includedNamespaces`. */
  includedNamespaces(...namespaces: string[]): this {
    return this.spec({ includedNamespaces: namespaces });
  }

  /** Sets `spec.namespaceMapping`. */
  namespaceMapping(mapping: Record<string, string>): this {
    return this.spec({ namespaceMapping: mapping });
  }

  /** Sets `spec.existingResourcePolicy`. */
  existingResourcePolicy(policy: PolicyType): this {
    return this.spec({ existingResourcePolicy: policy });
  }

  /** Sets `status.phase`. */
  phase(phase: RestorePhase): this {
    return this.status({ phase });
  }
}
