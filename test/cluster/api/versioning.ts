// Conversion between the versions a resource is served at and the form it is stored in: the
// apiVersion is rewritten, and fields are converted where versions differ (events.k8s.io Events,
// autoscaling/v1 HorizontalPodAutoscalers). Custom resources convert with strategy `None`.
import type { KubeObject } from "../cluster-api.js";
import { groupVersion } from "../registry/resource-type.js";
import type { ResourceType } from "../registry/resource-type.js";

/** `object` (a fresh, caller-owned object) in the stored form of `type`. */
export function toStorageVersion(type: ResourceType, object: KubeObject): KubeObject {
  const converted = type.conversion === undefined ? object : type.conversion.toStorage(object);
  converted.apiVersion = type.storageApiVersion;
  return converted;
}

/** A stored object as served at `type`'s version (the same object when nothing changes). */
export function toServedVersion(type: ResourceType, object: KubeObject): KubeObject {
  const apiVersion = groupVersion(type);
  if (object.apiVersion === apiVersion) return object;
  const converted =
    type.conversion === undefined ? { ...object } : type.conversion.fromStorage(object);
  return { ...converted, apiVersion };
}
