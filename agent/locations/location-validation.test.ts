import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BackupStorageLocationBuilder, type BackupStorageLocation } from "../../lib/api/index.js";
import { ObjectBackupStore } from "../../lib/backup-store/index.js";
import {
  BucketNotFoundError,
  MemoryObjectStore,
  StorageAuthError,
  StorageUnavailableError,
  type ObjectStore,
} from "../../lib/storage/index.js";
import { LocationCredentialsError, type OpenedLocation } from "../storage/index.js";
import { checkLocationSpec, validateLocation, type LocationOpener } from "./location-validation.js";

function location(configure: (b: BackupStorageLocationBuilder) => void = () => undefined) {
  const builder = new BackupStorageLocationBuilder("velero", "primary")
    .provider("aws")
    .bucket("backups");
  configure(builder);
  return builder.build();
}

function openerOf(store: ObjectStore | Error): LocationOpener {
  return {
    open: (bsl: BackupStorageLocation): Promise<OpenedLocation> => {
      if (store instanceof Error) return Promise.reject(store);
      return Promise.resolve({
        location: bsl,
        objectStore: store,
        store: new ObjectBackupStore({ store }),
        readOnly: bsl.spec.accessMode === "ReadOnly",
      });
    },
  };
}

/** A store whose every listing fails with `error`. */
function failingStore(error: Error): ObjectStore {
  const inner = new MemoryObjectStore();
  return Object.assign(Object.create(inner) as ObjectStore, {
    description: "failing",
    listCommonPrefixes: () => Promise.reject(error),
  });
}

describe("validateLocation", () => {
  it("marks a location with only Velero's top-level folders Available", async () => {
    const store = new MemoryObjectStore();
    await store.put("backups/b1/velero-backup.json", "{}");
    await store.put("restores/r1/restore-r1-logs.gz", "x");
    await store.put("kopia/app/kopia.repository", "x");
    await store.put("loose-file.txt", "x");
    assert.deepEqual(await validateLocation(openerOf(store), location()), { phase: "Available" });
  });

  const unavailable: { name: string; cause: Error | ObjectStore; message: string }[] = [
    {
      name: "a missing bucket",
      cause: failingStore(new BucketNotFoundError("backups")),
      message: 'BackupStorageLocation "primary" is unavailable: bucket "backups" does not exist',
    },
    {
      name: "rejected credentials",
      cause: failingStore(new StorageAuthError("aws bucket: InvalidAccessKeyId (HTTP 403)")),
      message:
        'BackupStorageLocation "primary" is unavailable: aws bucket: InvalidAccessKeyId (HTTP 403)',
    },
    {
      name: "an unreachable endpoint",
      cause: failingStore(
        new StorageUnavailableError("no answer from http://127.0.0.1:9 (ECONNREFUSED)"),
      ),
      message:
        'BackupStorageLocation "primary" is unavailable: no answer from http://127.0.0.1:9 (ECONNREFUSED)',
    },
    {
      name: "a credentials Secret that does not exist",
      cause: new LocationCredentialsError('secret "velero/creds" not found'),
      message: 'BackupStorageLocation "primary" is unavailable: secret "velero/creds" not found',
    },
  ];
  for (const c of unavailable) {
    it(`marks a location with ${c.name} Unavailable, saying so`, async () => {
      const opener = c.cause instanceof Error ? openerOf(c.cause) : openerOf(c.cause);
      assert.deepEqual(await validateLocation(opener, location()), {
        phase: "Unavailable",
        message: c.message,
      });
    });
  }

  it("names unknown top-level folders with Velero's message", async () => {
    const store = new MemoryObjectStore();
    for (const dir of ["backups", "photos", "music", "docs", "tmp"])
      await store.put(`${dir}/x`, "x");
    const result = await validateLocation(openerOf(store), location());
    assert.equal(
      result.message,
      'BackupStorageLocation "primary" is unavailable: ' +
        "Backup store contains 4 invalid top-level directories: [docs music photos ...]",
    );
  });

  it("checks the spec before opening the store", async () => {
    let opened = false;
    const opener: LocationOpener = {
      open: () => {
        opened = true;
        return Promise.reject(new Error("not reached"));
      },
    };
    const result = await validateLocation(
      opener,
      location((b) => b.bucket("bucket/prefix")),
    );
    assert.equal(result.phase, "Unavailable");
    assert.match(result.message, /must not contain a '\/'/);
    assert.equal(opened, false);
  });

  it("never shows a secret that an error message carries", async () => {
    const error = new StorageAuthError(
      "denied for https://acct.blob.core.windows.net/c?sv=2024&sig=SECRETSIG&se=2026 with AccountKey=SECRETKEY",
    );
    const result = await validateLocation(openerOf(failingStore(error)), location());
    assert.doesNotMatch(result.message ?? "", /SECRETSIG|SECRETKEY/);
    assert.match(result.message ?? "", /sig=\*\*\*REDACTED\*\*\*/);
  });
});

describe("checkLocationSpec", () => {
  const cases: { name: string; bsl: BackupStorageLocation; problem: string | undefined }[] = [
    { name: "a plain location", bsl: location(), problem: undefined },
    {
      name: "both caCert and caCertRef",
      bsl: location((b) =>
        b.spec({
          objectStorage: { bucket: "b", caCert: "Y2E=", caCertRef: { name: "ca", key: "ca" } },
        }),
      ),
      problem: "cannot specify both caCert and caCertRef in objectStorage",
    },
    {
      name: "an empty provider",
      bsl: location((b) => b.provider("")),
      problem: "object storage provider name must not be empty",
    },
    {
      name: "a bucket with a prefix in it",
      bsl: location((b) => b.bucket("bucket/prefix")),
      problem:
        `backup storage location's bucket name "bucket/prefix" must not contain a '/' ` +
        "(if using a prefix, put it in the 'Prefix' field instead)",
    },
    {
      name: "a bucket with only surrounding slashes",
      bsl: location((b) => b.bucket("/bucket/")),
      problem: undefined,
    },
    {
      name: "an S3 access point ARN",
      bsl: location((b) => b.bucket("arn:aws:s3:us-east-1:123:accesspoint/ap")),
      problem: undefined,
    },
  ];
  for (const c of cases) {
    it(`${c.problem === undefined ? "accepts" : "refuses"} ${c.name}`, () => {
      assert.equal(checkLocationSpec(c.bsl), c.problem);
    });
  }
});
