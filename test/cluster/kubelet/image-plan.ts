// What running a container's image means on this cluster: the project's own image (and any
// image mapped in `localImages`) runs a program from this checkout, shell-capable images
// (busybox, alpine, ...) run their command with the host's tools, and everything else is
// simulated without a process.
import type { Container } from "../controllers/kube-types.js";

/** How a container will run. */
export type ImagePlan =
  { readonly kind: "process"; readonly argv: readonly string[] } | { readonly kind: "simulated" };

/** Image repository → argv prefix of the local program standing in for it. */
export type LocalImages = Readonly<Record<string, readonly string[]>>;

/** Images whose commands run with the host's shell tools by default. */
export const defaultShellImages: readonly string[] = [
  "busybox",
  "alpine",
  "ubuntu",
  "debian",
  "bash",
];

/**
 * The repository part of an image reference, normalised as Docker does: tag and digest
 * dropped, `docker.io/` and `library/` implied for short names.
 * `busybox:1.36` → `docker.io/library/busybox`; `localhost:5000/x:1` → `localhost:5000/x`.
 */
export function imageRepository(image: string): string {
  let name = image.split("@")[0] ?? "";
  const lastSlash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  if (colon > lastSlash) name = name.slice(0, colon);
  const first = name.split("/")[0] ?? "";
  const hasRegistry =
    name.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasRegistry) return name;
  return `docker.io/${name.includes("/") ? name : `library/${name}`}`;
}

/** Options of {@link planImage}. */
export interface ImagePlanOptions {
  readonly localImages: LocalImages;
  readonly shellImages: readonly string[];
}

/** Decides how `container` runs (see the file comment). */
export function planImage(container: Container, options: ImagePlanOptions): ImagePlan {
  const repository = imageRepository(container.image ?? "");
  const command = [...(container.command ?? []), ...(container.args ?? [])];
  for (const [image, prefix] of Object.entries(options.localImages)) {
    if (imageRepository(image) === repository)
      return { kind: "process", argv: [...prefix, ...command] };
  }
  const isShell = options.shellImages.some((image) => imageRepository(image) === repository);
  if (isShell) return { kind: "process", argv: command.length > 0 ? command : ["sh"] };
  return { kind: "simulated" };
}
