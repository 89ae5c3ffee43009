// The cluster's TLS material: a self-signed CA and a serving certificate for 127.0.0.1 and
// localhost, made with the openssl CLI at first start and kept in the data directory.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** PEM texts and the CA file path of one cluster. */
export interface ClusterCertificates {
  readonly caCertificate: string;
  readonly caCertificatePath: string;
  readonly serverCertificate: string;
  readonly serverKey: string;
}

const SERVER_NAMES = [
  "IP:127.0.0.1",
  "IP:10.96.0.1",
  "DNS:localhost",
  "DNS:kubernetes",
  "DNS:kubernetes.default",
  "DNS:kubernetes.default.svc",
  "DNS:kubernetes.default.svc.cluster.local",
];

async function openssl(args: readonly string[], cwd: string): Promise<void> {
  await run("openssl", [...args], { cwd });
}

async function makeCa(dir: string, clusterName: string): Promise<void> {
  await openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      "ca.key",
      "-out",
      "ca.crt",
      "-days",
      "3650",
      "-subj",
      `/CN=${clusterName}-ca`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
    ],
    dir,
  );
}

async function makeServer(dir: string): Promise<void> {
  await writeFile(
    join(dir, "server.ext"),
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      `subjectAltName=${SERVER_NAMES.join(",")}`,
      "",
    ].join("\n"),
  );
  await openssl(
    [
      "req",
      "-new",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      "server.key",
      "-out",
      "server.csr",
      "-subj",
      "/CN=kube-apiserver",
    ],
    dir,
  );
  await openssl(
    [
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "server.crt",
      "-days",
      "3650",
      "-extfile",
      "server.ext",
    ],
    dir,
  );
}

/**
 * Returns the certificates kept in `dir`, creating them first when missing. Throws when the
 * openssl CLI is not installed.
 */
export async function ensureCertificates(
  dir: string,
  clusterName: string,
): Promise<ClusterCertificates> {
  if (!existsSync(join(dir, "ca.crt")) || !existsSync(join(dir, "ca.key")))
    await makeCa(dir, clusterName);
  if (!existsSync(join(dir, "server.crt")) || !existsSync(join(dir, "server.key")))
    await makeServer(dir);
  const [caCertificate, serverCertificate, serverKey] = await Promise.all(
    ["ca.crt", "server.crt", "server.key"].map((file) => readFile(join(dir, file), "utf8")),
  );
  return {
    caCertificate: caCertificate ?? "",
    caCertificatePath: join(dir, "ca.crt"),
    serverCertificate: serverCertificate ?? "",
    serverKey: serverKey ?? "",
  };
}
