// Kubernetes access shared by the CLI, the agent and the node-agent: kubeconfig loading, a raw
// JSON REST client, per-resource CRUD/paging/watch, discovery, and named API errors.
export { contextNamespace, KubeConfigError, loadKubeConfig } from "./kube-config.js";
export type { KubeConfigSource } from "./kube-config.js";
export { KubeRestClient } from "./rest-client.js";
export type { KubeRequest, Query } from "./rest-client.js";
export { ResourceClient } from "./resource-client.js";
export type {
  ListOptions,
  ListPage,
  PatchType,
  WatchEvent,
  WriteOptions,
} from "./resource-client.js";
export {
  apiVersionOf,
  groupResourceOf,
  groupVersionPath,
  parseApiVersion,
  resourcePath,
} from "./resource-path.js";
export type { ResourceLocation, ResourceType } from "./resource-path.js";
export { objectKey, parseObjectKey } from "./kube-object.js";
export type { KubeList, KubeObject, KubeObjectMeta, ObjectLike } from "./kube-object.js";
export { discoverResources, ResourceCatalog, UnknownResourceError } from "./discovery.js";
export type { DiscoveredResource } from "./discovery.js";
export {
  AlreadyExistsError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InvalidObjectError,
  getOrUndefined,
  isNotFound,
  KubeApiError,
  KubeConnectionError,
  kubeErrorFromStatus,
  NotFoundError,
  UnauthorizedError,
} from "./errors.js";
export {
  createVeleroClients,
  VeleroResourceClient,
  veleroResourceType,
} from "./custom-resources.js";
export type { VeleroClients } from "./custom-resources.js";
