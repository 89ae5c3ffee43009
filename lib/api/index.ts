// Public surface of the velero.io API module: types, phases, schemas, decoders, the CRD
// builder, label keys and the Go duration/time helpers.
export * from "./backup.js";
export * from "./backup-repository.js";
export * from "./backup-storage-location.js";
export * from "./data-download.js";
export * from "./data-move-progress.js";
export * from "./data-movement.js";
export * from "./data-upload.js";
export * from "./decoders.js";
export * from "./delete-backup-request.js";
export * from "./download-request.js";
export * from "./duration.js";
export * from "./errors.js";
export * from "./group.js";
export * from "./labels.js";
export * from "./meta.js";
export * from "./object.js";
export * from "./object-store-config.js";
export * from "./pod-volume-backup.js";
export * from "./pod-volume-restore.js";
export * from "./quantity.js";
export * from "./repository-credentials.js";
export * from "./restore.js";
export * from "./schedule.js";
export * from "./server-status-request.js";
export * from "./time.js";
export * from "./volume-snapshot.js";
export * from "./volume-snapshot-location.js";
export {
  buildCrd,
  crdFileName,
  crdSchema,
  renderAllCrds,
  renderCrdYaml,
  CRD_LABELS,
} from "./schema/crd.js";
export { decodeWith } from "./schema/decode.js";
export { encodeGoJson } from "./schema/encode.js";
export type { JSONSchemaProps } from "./schema/openapi.js";
export {
  validateAgainstSchema,
  type SchemaValidationOptions,
  type SchemaViolation,
} from "./schema/openapi-validator.js";
export type { Schema, SchemaNode } from "./schema/dsl.js";
export * from "./builders/backup-builder.js";
export * from "./builders/data-movement-builders.js";
export { ObjectBuilder, toTime, type TimeInput } from "./builders/object-builder.js";
export * from "./builders/request-builders.js";
export * from "./builders/restore-builder.js";
export * from "./builders/schedule-builder.js";
export * from "./builders/storage-location-builders.js";
