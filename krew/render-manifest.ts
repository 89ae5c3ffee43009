// Renders the krew manifest of a release from the template (krew/velero.yaml) and the release
// archives: the version, and one platform entry per archive with its URL, sha256 and files.
import { parseDocument } from "yaml";
import type { KrewPlatform } from "./krew-manifest.js";
import { binName, completionHelperName, type ReleaseArchive } from "./release-archives.js";

/** Where releases are downloaded from; `{version}` is replaced by the version without `v`. */
export const DEFAULT_BASE_URL =
  "https://github.com/kubectl-velero/kubectl-velero/releases/download/v{version}";

/** Options of {@link renderManifest}. */
export interface RenderManifestOptions {
  /** The text of krew/velero.yaml. */
  readonly template: string;
  /** `0.1.0` (package.json's version). */
  readonly version: string;
  readonly archives: readonly ReleaseArchive[];
  /** Default {@link DEFAULT_BASE_URL}. */
  readonly baseUrl?: string;
}

/** The download URL of one archive. */
export function archiveUrl(baseUrl: string, version: string, fileName: string): string {
  return `${baseUrl.replaceAll("{version}", version).replace(/\/+$/, "")}/${fileName}`;
}

function platformEntry(archive: ReleaseArchive, url: string): KrewPlatform {
  const bin = binName(archive.platform);
  return {
    selector: { matchLabels: { os: archive.platform.os, arch: archive.platform.arch } },
    uri: url,
    sha256: archive.sha256,
    bin,
    files: [
      { from: bin, to: "." },
      { from: completionHelperName(archive.platform), to: "." },
      { from: "LICENSE", to: "." },
    ],
  };
}

/** The rendered manifest's YAML text (the template's descriptive fields kept as written). */
export function renderManifest(options: RenderManifestOptions): string {
  const doc = parseDocument(options.template.replace(/^(#.*\n)+/, ""));
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  doc.commentBefore =
    " krew Plugin manifest of kubectl-velero, rendered by krew/render-manifest.ts from\n" +
    " krew/velero.yaml and the release archives; do not edit.";
  doc.setIn(["spec", "version"], `v${options.version}`);
  doc.setIn(
    ["spec", "platforms"],
    doc.createNode(
      options.archives.map((a) =>
        platformEntry(a, archiveUrl(baseUrl, options.version, a.fileName)),
      ),
    ),
  );
  return doc.toString({ lineWidth: 0 });
}
