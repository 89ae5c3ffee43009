// krew's validation of a plugin manifest, written from its rules (`internal/index/validation`
// plus the index CI's `validate-krew-manifest` checks): structural errors, and line-length
// warnings the index reviewers ask to fix.
import {
  KREW_API_VERSION,
  type KrewManifest,
  type KrewPlatform,
  type SelectorExpression,
} from "./krew-manifest.js";
import { KREW_PLATFORMS, platformKey } from "./krew-platforms.js";
import { selectorMatches } from "./selector-match.js";

/** What is wrong with a manifest; both lists are empty for one krew's index would accept. */
export interface ManifestReport {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

const SAFE_NAME = /^[\w-]+$/;
const SHA256 = /^[a-f0-9]{64}$/;
const SEMVER =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
const WINDOWS_RESERVED = new Set([
  "CON",
  "PRN",
  "AUX",
  "NUL",
  ...Array.from({ length: 9 }, (_, i) => `COM${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `LPT${i + 1}`),
]);

/** True for a name krew accepts: `[\w-]+` and not a reserved Windows device name. */
export function isSafePluginName(name: string): boolean {
  return SAFE_NAME.test(name) && !WINDOWS_RESERVED.has(name.toUpperCase());
}

/** Checks `manifest` as read from the file named `fileName` (e.g. `velero.yaml`). */
export function validateManifest(manifest: KrewManifest, fileName: string): ManifestReport {
  const errors = [...fileNameErrors(fileName, manifest), ...headerErrors(manifest)];
  const platforms = manifest.spec?.platforms ?? [];
  platforms.forEach((platform, i) => {
    errors.push(...platformErrors(platform).map((e) => `spec.platforms[${i}]: ${e}`));
  });
  errors.push(...coverageErrors(platforms));
  return { errors, warnings: lineLengthWarnings(manifest) };
}

function fileNameErrors(fileName: string, manifest: KrewManifest): string[] {
  if (!fileName.endsWith(".yaml")) return [`the manifest file ${fileName} must end in .yaml`];
  const name = fileName.slice(0, -".yaml".length);
  if (!isSafePluginName(name)) return [`the plugin name "${name}" is not allowed`];
  const declared = manifest.metadata?.name;
  return declared === name ? [] : [`metadata.name "${declared ?? ""}" must equal "${name}"`];
}

function headerErrors(manifest: KrewManifest): string[] {
  const errors: string[] = [];
  if (manifest.apiVersion !== KREW_API_VERSION) {
    errors.push(`apiVersion must be ${KREW_API_VERSION}, not "${manifest.apiVersion ?? ""}"`);
  }
  if (manifest.kind !== "Plugin") errors.push(`kind must be Plugin, not "${manifest.kind ?? ""}"`);
  return [...errors, ...specErrors(manifest.spec ?? {})];
}

function specErrors(spec: NonNullable<KrewManifest["spec"]>): string[] {
  const errors: string[] = [];
  const short = spec.shortDescription ?? "";
  if (short === "") errors.push("spec.shortDescription is required");
  if (/[\r\n]/.test(short)) errors.push("spec.shortDescription must be a single line");
  if ((spec.platforms ?? []).length === 0) errors.push("spec.platforms must not be empty");
  const version = spec.version ?? "";
  if (!SEMVER.test(version)) {
    errors.push(`spec.version "${version}" is not a semantic version with a leading v`);
  }
  return errors;
}

function platformErrors(platform: KrewPlatform): string[] {
  const errors: string[] = [];
  if ((platform.uri ?? "") === "") errors.push("uri has to be set");
  const sha = platform.sha256 ?? "";
  if (sha === "") errors.push("sha256 has to be set");
  else if (!SHA256.test(sha)) errors.push(`sha256 "${sha}" must be 64 lowercase hex digits`);
  if ((platform.bin ?? "") === "") errors.push("bin has to be set");
  errors.push(...filesErrors(platform.files), ...selectorErrors(platform.selector));
  return errors;
}

function filesErrors(files: KrewPlatform["files"]): string[] {
  if (files === undefined || files === null) return [];
  if (files.length === 0) return ["files has to be unspecified or non-empty"];
  return files.flatMap((op, i) => {
    if ((op.from ?? "") === "") return [`files[${i}].from has to be set`];
    return (op.to ?? "") === "" ? [`files[${i}].to has to be set`] : [];
  });
}

function selectorErrors(selector: KrewPlatform["selector"]): string[] {
  if (selector === undefined || selector === null) return ["a selector is required"];
  const labels = selector.matchLabels ?? undefined;
  const expressions = selector.matchExpressions ?? undefined;
  if (labels === undefined && (expressions ?? []).length === 0) {
    return ["an empty selector is not supported"];
  }
  const errors = selectorKeys(labels, expressions)
    .filter((key) => key !== "os" && key !== "arch")
    .map((key) => `selector key "${key}" is not supported (only os and arch)`);
  return [...errors, ...emptyPartErrors(labels, expressions)];
}

function emptyPartErrors(
  labels: Readonly<Record<string, string>> | undefined,
  expressions: readonly SelectorExpression[] | undefined,
): string[] {
  const errors: string[] = [];
  if (labels !== undefined && Object.keys(labels).length === 0) {
    errors.push("selector matchLabels is specified but empty");
  }
  if (expressions?.length === 0) errors.push("selector matchExpressions is specified but empty");
  return errors;
}

function selectorKeys(
  labels: Readonly<Record<string, string>> | undefined,
  expressions: readonly SelectorExpression[] | undefined,
): string[] {
  return [...Object.keys(labels ?? {}), ...(expressions ?? []).map((e) => e.key ?? "")];
}

/** Every platform selects a supported pair, and no supported pair is selected twice. */
function coverageErrors(platforms: readonly KrewPlatform[]): string[] {
  const errors: string[] = [];
  platforms.forEach((platform, i) => {
    if (!KREW_PLATFORMS.some((p) => selectorMatches(platform.selector, { ...p }))) {
      errors.push(`spec.platforms[${i}]: the selector matches no supported os/arch pair`);
    }
  });
  for (const pair of KREW_PLATFORMS) {
    const matching = platforms.flatMap((p, i) =>
      selectorMatches(p.selector, { ...pair }) ? [i] : [],
    );
    if (matching.length > 1) {
      errors.push(`${platformKey(pair)} is selected by several platforms (${matching.join(", ")})`);
    }
  }
  return errors;
}

function lineLengthWarnings(manifest: KrewManifest): string[] {
  const limits: [keyof NonNullable<KrewManifest["spec"]>, number][] = [
    ["description", 80],
    ["shortDescription", 70],
    ["caveats", 80],
  ];
  return limits.flatMap(([field, max]) => {
    const value = manifest.spec?.[field];
    const text = typeof value === "string" ? value : "";
    const long = text.split("\n").some((l) => l.length > max && l.trim().includes(" "));
    return long ? [`a line of spec.${field} is longer than ${max} characters`] : [];
  });
}
