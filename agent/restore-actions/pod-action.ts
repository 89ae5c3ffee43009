// velero.io/pod: a restored pod is scheduled again (no nodeName), gets its priority from its
// PriorityClass again, and loses the legacy service-account token volume; its PriorityClass is
// restored with it.
import { asFieldsList, specOf, stringAt, type Fields } from "./object-fields.js";
import {
  syncExecute,
  type RestoreItemAction,
  type ResourceIdentifier,
} from "./restore-item-action.js";

function withoutTokenMounts(containers: unknown, prefix: string): void {
  for (const container of asFieldsList(containers)) {
    const mounts = container["volumeMounts"];
    if (!Array.isArray(mounts)) continue;
    const kept = asFieldsList(mounts).filter((m) => !stringAt(m, "name").startsWith(prefix));
    if (kept.length === 0) Reflect.deleteProperty(container, "volumeMounts");
    else container["volumeMounts"] = kept;
  }
}

function dropTokenVolumes(spec: Fields): void {
  const account = typeof spec["serviceAccountName"] === "string" ? spec["serviceAccountName"] : "";
  const prefix = `${account}-token-`;
  if (Array.isArray(spec["volumes"])) {
    const kept = asFieldsList(spec["volumes"]).filter(
      (v) => !stringAt(v, "name").startsWith(prefix),
    );
    if (kept.length === 0) Reflect.deleteProperty(spec, "volumes");
    else spec["volumes"] = kept;
  }
  withoutTokenMounts(spec["containers"], prefix);
  withoutTokenMounts(spec["initContainers"], prefix);
}

/** Velero's pod restore action. */
export const podAction: RestoreItemAction = {
  name: "velero.io/pod",
  appliesTo: () => ({ includedResources: ["pods"] }),
  execute: syncExecute((input) => {
    const spec = specOf(input.item);
    Reflect.deleteProperty(spec, "nodeName");
    Reflect.deleteProperty(spec, "priority");
    dropTokenVolumes(spec);
    const priorityClass = spec["priorityClassName"];
    const additionalItems: ResourceIdentifier[] =
      typeof priorityClass === "string" && priorityClass !== ""
        ? [{ groupResource: "priorityclasses.scheduling.k8s.io", name: priorityClass }]
        : [];
    return { item: input.item, additionalItems };
  }),
};
