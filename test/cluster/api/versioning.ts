// Conversion between the versions a resource is served at and the version it is stored in.
// Only `apiVersion` differs between versions of the kinds served here (CRD conversion `None`).
import type { KubeObject } from "../cluster-api.js";
import { groupVersion } from "../registry/resource-type.js";
import type { ResourceType } from "../registry/resource-type.js";

/** `object` (a fresh, caller-owned object) rewritten to the storage version of `type`. */
export function toStorageVersion(type: ResourceType, object: KubeObject): KubeObject {
  object.apiVersion =
    type.group === "" ? type.storageVersion : `${type.group}/${type.storageVersion}`;
  return object;
}

/** A stored object as served at `type`'s version (the same object when nothing changes). */
export function toServedVersion(type: ResourceType, object: KubeObject): KubeObject {
  const apiVersion = groupVersion(type);
  return object.apiVersion === apiVersion ? object : { ...object, apiVersion };
}
