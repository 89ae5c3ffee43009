// Backup storage locations as the operating controllers see them: validation (spec, store,
// messages without secrets), the single default, and when to validate and sync each one.
export {
  checkLocationSpec,
  validateLocation,
  type LocationOpener,
  type LocationValidation,
} from "./location-validation.js";
export { sanitizeLocationMessage } from "./location-message.js";
export { syncDueInMs, syncPeriodMs, validationDueInMs } from "./location-schedule.js";
export { chooseDefaultLocation, type DefaultLocationChoice } from "./default-location.js";
