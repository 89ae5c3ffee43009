// Velero's filters shared by backup and restore: include/exclude lists with globs, namespace
// filters, old and new resource filters, and label selectors.
export { compileGlob, isGlobPattern, matchesGlob } from "./glob.js";
export {
  IncludesExcludes,
  validateIncludesExcludes,
  validateScopedIncludesExcludes,
} from "./includes-excludes.js";
export { NamespaceFilter, validateNamespaceIncludesExcludes } from "./namespace-filter.js";
export {
  createResourceFilter,
  resolveNames,
  usesNewFilters,
  usesOldFilters,
} from "./resource-filter.js";
export type {
  ResourceFilter,
  ResourceFilterSpec,
  ResourceInfo,
  ResourceResolver,
} from "./resource-filter.js";
export {
  labelSelectorToQuery,
  matchesAnyLabelSelector,
  matchesLabelSelector,
} from "./label-selector.js";
