// YAML for the start of most volume scenarios: a namespace and a 1Gi ReadWriteOnce claim in it.

/**
 * `Namespace <namespace>` and `PersistentVolumeClaim <namespace>/<claim>` (1Gi, ReadWriteOnce,
 * the cluster's default class) as YAML documents ending with a `---` separator, so the pod that
 * mounts the claim can follow.
 */
export function namespaceWithClaimYaml(namespace: string, claim = "data"): string {
  return `
apiVersion: v1
kind: Namespace
metadata: {name: ${namespace}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${claim}, namespace: ${namespace}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
`;
}
