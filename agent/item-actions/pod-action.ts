// velero.io/pod: backs up a pod's PersistentVolumeClaims and its PriorityClass with it.
import type {
  BackupItemAction,
  BackupItemActionInput,
  BackupItemActionOutput,
  ResourceIdentifier,
} from "./backup-item-action.js";

interface PodSpecPart {
  priorityClassName?: string;
  volumes?: { persistentVolumeClaim?: { claimName?: string } }[];
}

/** The items a pod needs: its PriorityClass, then each PVC its volumes claim. */
export function relatedItemsForPod(
  namespace: string,
  spec: PodSpecPart | undefined,
): ResourceIdentifier[] {
  const related: ResourceIdentifier[] = [];
  const priorityClass = spec?.priorityClassName ?? "";
  if (priorityClass !== "") {
    related.push({ groupResource: "priorityclasses.scheduling.k8s.io", name: priorityClass });
  }
  for (const volume of spec?.volumes ?? []) {
    const claim = volume.persistentVolumeClaim?.claimName ?? "";
    if (claim !== "")
      related.push({ groupResource: "persistentvolumeclaims", namespace, name: claim });
  }
  return related;
}

/** Velero's PodAction. */
export const podAction: BackupItemAction = {
  name: "velero.io/pod",
  appliesTo: () => ({ includedResources: ["pods"] }),
  execute: (input: BackupItemActionInput): Promise<BackupItemActionOutput> => {
    const spec = input.item["spec"] as PodSpecPart | undefined;
    const additionalItems = relatedItemsForPod(input.item.metadata?.namespace ?? "", spec);
    for (const item of additionalItems) {
      input.log.info(`Adding ${item.groupResource} ${item.name} to additionalItems`);
    }
    return Promise.resolve({ item: input.item, additionalItems });
  },
};
