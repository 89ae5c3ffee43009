// velero.io/service-account: backs up the ClusterRoleBindings naming a ServiceAccount as a
// subject, and the ClusterRoles they bind, with the ServiceAccount.
import type { KubeList } from "../../lib/kube/index.js";
import type {
  ActionSetup,
  BackupItemAction,
  BackupItemActionInput,
  BackupItemActionOutput,
  ResourceIdentifier,
} from "./backup-item-action.js";

const rbacGroup = "rbac.authorization.k8s.io";

/** The parts of a ClusterRoleBinding the action reads. */
export interface ClusterRoleBindingRef {
  readonly name: string;
  readonly roleRefName: string;
  readonly subjects: readonly { kind?: string; name?: string; namespace?: string }[];
}

/** The bindings naming `namespace/name` as a ServiceAccount subject, then their roles (sorted). */
export function relatedItemsForServiceAccount(
  namespace: string,
  name: string,
  bindings: readonly ClusterRoleBindingRef[],
): ResourceIdentifier[] {
  const names = new Set<string>();
  const roles = new Set<string>();
  for (const binding of bindings) {
    const isSubject = binding.subjects.some(
      (s) => s.kind === "ServiceAccount" && s.namespace === namespace && s.name === name,
    );
    if (!isSubject) continue;
    names.add(binding.name);
    roles.add(binding.roleRefName);
  }
  return [
    ...[...names]
      .sort()
      .map((n) => ({ groupResource: `clusterrolebindings.${rbacGroup}`, name: n })),
    ...[...roles].sort().map((n) => ({ groupResource: `clusterroles.${rbacGroup}`, name: n })),
  ];
}

async function listBindings(setup: ActionSetup): Promise<ClusterRoleBindingRef[]> {
  const version = setup.preferredVersion(rbacGroup);
  if (version === undefined) return [];
  const list = await setup.rest.request<KubeList>({
    method: "GET",
    path: `/apis/${rbacGroup}/${version}/clusterrolebindings`,
  });
  return list.items.map((crb) => ({
    name: crb.metadata?.name ?? "",
    roleRefName: (crb["roleRef"] as { name?: string } | undefined)?.name ?? "",
    subjects: (crb["subjects"] as ClusterRoleBindingRef["subjects"] | undefined) ?? [],
  }));
}

/**
 * Velero's ServiceAccountAction. The cluster's ClusterRoleBindings are listed once, when the
 * action is set up for a backup.
 */
export async function createServiceAccountAction(setup: ActionSetup): Promise<BackupItemAction> {
  const bindings = await listBindings(setup);
  return {
    name: "velero.io/service-account",
    appliesTo: () => ({ includedResources: ["serviceaccounts"] }),
    execute: (input: BackupItemActionInput): Promise<BackupItemActionOutput> => {
      const { namespace = "", name = "" } = input.item.metadata ?? {};
      const additionalItems = relatedItemsForServiceAccount(namespace, name, bindings);
      return Promise.resolve({ item: input.item, additionalItems });
    },
  };
}
