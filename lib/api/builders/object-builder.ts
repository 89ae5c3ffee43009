// The fluent builder base every velero.io kind's builder extends (Velero's pkg/builder idea):
// metadata setters shared by all kinds, spec/status patches, and a deep-copied build().
import type { ObjectMeta, OwnerReference } from "../meta.js";
import type { VeleroObject } from "../object.js";
import { formatTime, type Time } from "../time.js";

type AnyObject = VeleroObject<string, string, object, object>;

/** A time given as a Date (formatted as metav1.Time) or as an RFC 3339 string. */
export type TimeInput = Date | Time;

/** Formats a {@link TimeInput} as metav1.Time. */
export function toTime(value: TimeInput): Time {
  return typeof value === "string" ? value : formatTime(value);
}

/**
 * Builds one object of kind `T`. Setters change the object in place and return the builder;
 * `build()` returns a deep copy, so one builder can produce several variants.
 */
export class ObjectBuilder<T extends AnyObject> {
  protected readonly object: T;

  constructor(object: T) {
    this.object = object;
  }

  /** Merges `labels` into `metadata.labels`. */
  labels(labels: Record<string, string>): this {
    this.object.metadata.labels = { ...this.object.metadata.labels, ...labels };
    return this;
  }

  /** Merges `annotations` into `metadata.annotations`. */
  annotations(annotations: Record<string, string>): this {
    this.object.metadata.annotations = { ...this.object.metadata.annotations, ...annotations };
    return this;
  }

  /** Merges any other `metadata` fields (uid, resourceVersion, generateName, ...). */
  metadata(patch: ObjectMeta): this {
    Object.assign(this.object.metadata, patch);
    return this;
  }

  /** Sets `metadata.creationTimestamp`. */
  creationTimestamp(value: TimeInput): this {
    this.object.metadata.creationTimestamp = toTime(value);
    return this;
  }

  /** Appends an owner reference. */
  ownerReference(reference: OwnerReference): this {
    this.object.metadata.ownerReferences = [
      ...(this.object.metadata.ownerReferences ?? []),
      reference,
    ];
    return this;
  }

  /** Appends finalizers. */
  finalizers(...names: string[]): this {
    this.object.metadata.finalizers = [...(this.object.metadata.finalizers ?? []), ...names];
    return this;
  }

  /** Merges fields into `spec`. */
  spec(patch: Partial<T["spec"]>): this {
    Object.assign(this.object.spec, patch);
    return this;
  }

  /** Merges fields into `status`, creating it. */
  status(patch: Partial<NonNullable<T["status"]>>): this {
    this.object.status = { ...this.object.status, ...patch };
    return this;
  }

  /** A deep copy of the object built so far. */
  build(): T {
    return structuredClone(this.object);
  }
}
