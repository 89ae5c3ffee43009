// The npm packages the single binary carries outside its main script, in groups loaded on first
// use (packaging/embedded-loader.ts): the Kubernetes client and the three storage SDKs.
/** One group: built into its own CommonJS file, loaded with its own V8 code cache. */
export interface EmbeddedGroup {
  /** Asset key and file name stem (`embedded-<name>.cjs`). */
  readonly name: string;
  /** The packages of the group, as the project imports them. */
  readonly packages: readonly string[];
}

/**
 * Packages sharing code (the AWS SDK's three) stay in one group so they share one copy of it;
 * anything not listed stays in the main script.
 */
export const EMBEDDED_GROUPS: readonly EmbeddedGroup[] = [
  { name: "kube", packages: ["@kubernetes/client-node"] },
  {
    name: "aws",
    packages: ["@aws-sdk/client-s3", "@aws-sdk/lib-storage", "@aws-sdk/s3-request-presigner"],
  },
  { name: "azure", packages: ["@azure/storage-blob"] },
  { name: "gcs", packages: ["@google-cloud/storage"] },
];

/** The group holding `specifier`, if any. */
export function embeddedGroupOf(
  specifier: string,
  groups: readonly EmbeddedGroup[] = EMBEDDED_GROUPS,
): EmbeddedGroup | undefined {
  return groups.find((g) => g.packages.includes(specifier));
}

/** `embedded-kube.cjs`: the group's file beside the bundle and its SEA asset key. */
export function embeddedFileName(group: string): string {
  return `embedded-${group}.cjs`;
}

/** `embedded-kube.cjs.cache`: the group's V8 code cache. */
export function codeCacheFileName(group: string): string {
  return `${embeddedFileName(group)}.cache`;
}

/** The source of a group's entry: an object of every package of the group, by specifier. */
export function groupEntrySource(group: EmbeddedGroup): string {
  const entries = group.packages.map(
    (p) => `  ${JSON.stringify(p)}: require(${JSON.stringify(p)}),`,
  );
  return ["module.exports = {", ...entries, "};", ""].join("\n");
}
