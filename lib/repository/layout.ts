// Keys inside a repository's prefix: the only place that builds them.

const formatName = "repository.json";
const maintenanceLockName = "locks/maintenance";

/** The object kinds stored under a repository prefix, each under its own folder. */
export type BlobFolder = "packs" | "indexes" | "snapshots" | "sessions";

/**
 * Turns repository-relative names into full keys under `prefix`. Layout:
 * `<prefix>repository.json` (format record), `<prefix>packs/<id>`, `<prefix>indexes/<id>`,
 * `<prefix>snapshots/<id>`, `<prefix>sessions/<id>` and `<prefix>locks/maintenance`.
 * The prefix is given by the caller (e.g. `velero/kopia/app/`); a missing trailing `/` is added.
 */
export class RepositoryLayout {
  readonly prefix: string;

  constructor(prefix: string) {
    this.prefix = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  }

  formatKey(): string {
    return this.prefix + formatName;
  }

  maintenanceLockKey(): string {
    return this.prefix + maintenanceLockName;
  }

  /** Prefix listing every blob of one folder, e.g. `<prefix>packs/`. */
  folder(folder: BlobFolder): string {
    return `${this.prefix}${folder}/`;
  }

  /** Key of blob `id` in `folder`. */
  key(folder: BlobFolder, id: string): string {
    return `${this.prefix}${folder}/${id}`;
  }

  /** The id part of a key listed under `folder`. */
  idOf(folder: BlobFolder, key: string): string {
    return key.slice(this.folder(folder).length);
  }
}
