// The name, namespace and UID of a Kubernetes object as the data movement code reads them.

/** An object's name, namespace and UID (`""` when absent). */
export function identityOf(object: {
  readonly metadata?: { name?: string; namespace?: string; uid?: string } | undefined;
}): { name: string; namespace: string; uid: string } {
  const metadata = object.metadata ?? {};
  return {
    name: metadata.name ?? "",
    namespace: metadata.namespace ?? "",
    uid: metadata.uid ?? "",
  };
}
