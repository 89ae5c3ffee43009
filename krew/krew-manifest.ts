// The krew Plugin manifest as krew reads it (`pkg/index/types.go`), decoded leniently from YAML.

/** krew's only accepted apiVersion. */
export const KREW_API_VERSION = "krew.googlecontainertools.github.com/v1alpha2";

/** A `{from, to}` copy rule of a platform (`from` is a glob inside the archive). */
export interface FileOperation {
  readonly from?: string;
  readonly to?: string;
}

/** A label selector expression (`In`, `NotIn`, `Exists`, `DoesNotExist`). */
export interface SelectorExpression {
  readonly key?: string;
  readonly operator?: string;
  readonly values?: readonly string[];
}

/** A Kubernetes label selector over the labels `os` and `arch`. */
export interface PlatformSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly SelectorExpression[] | null;
}

/** One downloadable archive and how to install it. */
export interface KrewPlatform {
  readonly selector?: PlatformSelector | null;
  readonly uri?: string;
  readonly sha256?: string;
  readonly bin?: string;
  readonly files?: readonly FileOperation[] | null;
}

/** The whole manifest. */
export interface KrewManifest {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
  readonly spec?: {
    readonly version?: string;
    readonly homepage?: string;
    readonly shortDescription?: string;
    readonly description?: string;
    readonly caveats?: string;
    readonly platforms?: readonly KrewPlatform[] | null;
  };
}
