import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { StorageAuthError, StorageConfigError } from "../errors.js";
import { resolveSettings } from "../registry.js";
import { ClientSecretCredential } from "./azure-aad-credential.js";
import { parseAzureConfig } from "./azure-config.js";
import { parseEnvFile } from "./azure-credentials.js";

async function parse(
  config: Record<string, string>,
  credentials = "",
): Promise<ReturnType<typeof parseAzureConfig>> {
  return parseAzureConfig(
    await resolveSettings({ provider: "azure", bucket: "c", config, credentials }),
  );
}

describe("parseEnvFile", () => {
  it("reads the Azure plugin's credentials file the way godotenv does", () => {
    const values = parseEnvFile(
      [
        "# velero credentials",
        "AZURE_SUBSCRIPTION_ID=sub",
        "export AZURE_TENANT_ID = tenant ",
        "AZURE_CLIENT_SECRET='lit#eral'",
        'AZURE_STORAGE_ACCOUNT_ACCESS_KEY="abc=="',
        "AZURE_CLOUD_NAME=AzurePublicCloud # comment",
      ].join("\r\n"),
    );
    assert.deepEqual(Object.fromEntries(values), {
      AZURE_SUBSCRIPTION_ID: "sub",
      AZURE_TENANT_ID: "tenant",
      AZURE_CLIENT_SECRET: "lit#eral",
      AZURE_STORAGE_ACCOUNT_ACCESS_KEY: "abc==",
      AZURE_CLOUD_NAME: "AzurePublicCloud",
    });
  });
});

describe("parseAzureConfig", () => {
  it("authenticates with the key named by storageAccountKeyEnvVar at the cloud's default endpoint", async () => {
    const config = await parse(
      {
        storageAccount: "acct",
        storageAccountKeyEnvVar: "MY_KEY",
        resourceGroup: "rg",
        subscriptionId: "s",
      },
      "MY_KEY=a2V5\nAZURE_CLOUD_NAME=AzureChinaCloud\n",
    );
    assert.equal(config.endpoint.href, "https://acct.blob.core.chinacloudapi.cn/");
    assert.deepEqual(config.auth, { kind: "sharedKey", accountKey: "a2V5" });
  });

  it("uses storageAccountURI as the endpoint and caps blockSizeInBytes at 100 MiB", async () => {
    const config = await parse(
      {
        storageAccount: "devstoreaccount1",
        storageAccountURI: "http://127.0.0.1:10000/devstoreaccount1",
        storageAccountKeyEnvVar: "K",
        blockSizeInBytes: String(500 * 1024 * 1024),
      },
      "K=a2V5",
    );
    assert.equal(config.endpoint.href, "http://127.0.0.1:10000/devstoreaccount1");
    assert.equal(config.blockSizeBytes, 100 * 1024 * 1024);
  });

  it("reads the service principal for useAAD, with activeDirectoryAuthorityURI as the authority", async () => {
    const config = await parse(
      {
        storageAccount: "acct",
        useAAD: "true",
        activeDirectoryAuthorityURI: "https://login.example/",
      },
      "AZURE_TENANT_ID=t\nAZURE_CLIENT_ID=c\nAZURE_CLIENT_SECRET=s\n",
    );
    assert.deepEqual(config.auth, {
      kind: "aad",
      tenantId: "t",
      clientId: "c",
      clientSecret: "s",
      authorityHost: "https://login.example",
    });
  });

  for (const [config, credentials, message] of [
    [{}, "", /storageAccount is required in BSL/],
    [
      { storageAccount: "a", storageAccountKeyEnvVar: "K" },
      "OTHER=x",
      /no storage account access key with key K found in credential/,
    ],
    [{ storageAccount: "a" }, "", /set storageAccountKeyEnvVar .* or useAAD/],
    [{ storageAccount: "a", useAAD: "true" }, "AZURE_TENANT_ID=t", /AZURE_CLIENT_ID is required/],
    [
      { storageAccount: "a", storageAccountKeyEnvVar: "K" },
      "K=x\nAZURE_CLOUD_NAME=Mars",
      /unknown cloud: Mars/,
    ],
    [{ storageAccount: "a", container: "x" }, "", /config has invalid keys \[container\]/],
  ] as const) {
    it(`refuses ${JSON.stringify(config)} with ${message.source}`, async () => {
      await assert.rejects(parse(config, credentials), (error: unknown) => {
        assert.ok(error instanceof StorageConfigError);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

describe("ClientSecretCredential", () => {
  let authority: string;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests.push(`${req.url ?? ""} ${body}`);
      const params = new URLSearchParams(body);
      const ok = params.get("client_secret") === "right-secret";
      res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          ok ? { access_token: "tok", expires_in: 3600 } : { error: "invalid_client" },
        ),
      );
    });
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(
    () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  );

  const credential = (clientSecret: string): ClientSecretCredential =>
    new ClientSecretCredential({
      authorityHost: authority,
      tenantId: "tenant",
      clientId: "client",
      clientSecret,
      timeoutMs: 5_000,
      where: "here",
    });

  it("gets a token with the client-credentials grant and caches it", async () => {
    const source = credential("right-secret");
    assert.equal((await source.getToken("https://storage.azure.com/.default")).token, "tok");
    assert.equal((await source.getToken("https://storage.azure.com/.default")).token, "tok");
    assert.equal(requests.filter((r) => r.startsWith("/tenant/oauth2/v2.0/token")).length, 1);
    assert.match(requests[0] ?? "", /grant_type=client_credentials/);
  });

  it("turns a refusal into StorageAuthError without the secret", async () => {
    await assert.rejects(credential("wrong-secret").getToken("scope"), (error: unknown) => {
      assert.ok(error instanceof StorageAuthError);
      assert.match(error.message, /invalid_client/);
      assert.ok(!error.message.includes("wrong-secret"));
      return true;
    });
  });
});
