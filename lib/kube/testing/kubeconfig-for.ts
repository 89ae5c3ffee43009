// Builds an in-memory KubeConfig for a test server (plain HTTP or a given CA).
import { KubeConfig } from "@kubernetes/client-node";

/** A KubeConfig with one context pointing at `server` with a bearer `token`. */
export function kubeConfigFor(
  server: string,
  token = "test-token",
  namespace?: string,
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "test", server, skipTLSVerify: true }],
    users: [{ name: "test", token }],
    contexts: [{ name: "test", cluster: "test", user: "test", namespace }],
    currentContext: "test",
  });
  return kc;
}
