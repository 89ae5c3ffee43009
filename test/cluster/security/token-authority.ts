// Bearer tokens of the cluster: the admin token written into the kubeconfig, and
// service-account tokens (HS256-signed JWTs carrying the service account) for pods.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Who a valid token belongs to. */
export interface TokenIdentity {
  readonly user: string;
  readonly serviceAccount?: { readonly namespace: string; readonly name: string };
}

const ISSUER = "https://kubernetes.default.svc.cluster.local";

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/** Mints and checks the cluster's bearer tokens. */
export class TokenAuthority {
  readonly adminToken: string;
  private readonly key: Buffer;
  private readonly known = new Map<string, TokenIdentity>();

  constructor(adminToken: string, signingKey: Buffer) {
    this.adminToken = adminToken;
    this.key = signingKey;
  }

  /** A token for `namespace`/`name` (a JWT like the kubelet mounts into pods). */
  serviceAccountToken(namespace: string, name: string): string {
    const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const claims = {
      iss: ISSUER,
      aud: [ISSUER],
      sub: `system:serviceaccount:${namespace}:${name}`,
      iat: 0,
      "kubernetes.io": { namespace, serviceaccount: { name } },
    };
    const body = `${header}.${base64url(JSON.stringify(claims))}`;
    return `${body}.${this.sign(body)}`;
  }

  /** The identity of `token`, or undefined when it is not valid here. */
  authenticate(token: string): TokenIdentity | undefined {
    const cached = this.known.get(token);
    if (cached !== undefined) return cached;
    const identity = token === this.adminToken ? { user: "admin" } : this.verify(token);
    if (identity !== undefined) this.known.set(token, identity);
    return identity;
  }

  private sign(body: string): string {
    return createHmac("sha256", this.key).update(body).digest("base64url");
  }

  private verify(token: string): TokenIdentity | undefined {
    const [header = "", body = "", signature = "", ...rest] = token.split(".");
    if (rest.length > 0 || signature === "") return undefined;
    const expected = Buffer.from(this.sign(`${header}.${body}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return identityOf(body);
  }
}

interface Claims {
  sub?: string;
  "kubernetes.io"?: { namespace?: string; serviceaccount?: { name?: string } };
}

function identityOf(body: string): TokenIdentity | undefined {
  let claims: Claims;
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Claims;
  } catch {
    return undefined;
  }
  const k8s = claims["kubernetes.io"];
  const namespace = k8s?.namespace ?? "";
  const name = k8s?.serviceaccount?.name ?? "";
  return { user: claims.sub ?? "", serviceAccount: { namespace, name } };
}

/** Loads the admin token and signing key kept in `dir`, creating them at first start. */
export async function loadTokenAuthority(dir: string): Promise<TokenAuthority> {
  const tokenFile = join(dir, "admin.token");
  const keyFile = join(dir, "service-account.key");
  if (!existsSync(tokenFile))
    await writeFile(tokenFile, randomBytes(32).toString("hex"), { mode: 0o600 });
  if (!existsSync(keyFile)) await writeFile(keyFile, randomBytes(32), { mode: 0o600 });
  const [token, key] = await Promise.all([readFile(tokenFile, "utf8"), readFile(keyFile)]);
  return new TokenAuthority(token.trim(), key);
}
