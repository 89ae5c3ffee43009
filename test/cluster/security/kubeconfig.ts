// The kubeconfig a cluster writes for its users: cluster, user and context all named after the
// cluster, TLS verified through the embedded CA, bearer-token authentication.
import { writeFile } from "node:fs/promises";
import { stringify } from "yaml";

/** What goes into the kubeconfig. */
export interface KubeconfigOptions {
  readonly name: string;
  readonly server: string;
  readonly caCertificate: string;
  readonly token: string;
}

/** The kubeconfig document as YAML text. */
export function kubeconfigYaml(options: KubeconfigOptions): string {
  const { name } = options;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name,
        cluster: {
          server: options.server,
          "certificate-authority-data": Buffer.from(options.caCertificate).toString("base64"),
        },
      },
    ],
    users: [{ name, user: { token: options.token } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    preferences: {},
  });
}

/** Writes the kubeconfig to `path` (readable by the owner only). */
export async function writeKubeconfig(path: string, options: KubeconfigOptions): Promise<void> {
  await writeFile(path, kubeconfigYaml(options), { mode: 0o600 });
}
