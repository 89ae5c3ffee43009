// Backup storage locations as the agent uses them: look up, open (credentials, CA), guard
// ReadOnly locations.
export { LocationStores } from "./location-stores.js";
export type { LocationStoresOptions, OpenedLocation } from "./location-stores.js";
export {
  LocationCredentialsError,
  LocationNotFoundError,
  ReadOnlyLocationError,
} from "./errors.js";
export { ReadOnlyObjectStore } from "./read-only-object-store.js";
