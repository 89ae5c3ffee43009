// The CRD drift check: crds/ is exactly what lib/api generates, matches Velero's CRDs, the
// compiler rejects schemas that drift from their interfaces, and Velero's documented example
// manifests validate (and broken ones are refused naming the field).
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import ts from "typescript";
import { parse, parseAllDocuments } from "yaml";
import {
  BACKUP_PHASES,
  BACKUP_REPOSITORY_PHASES,
  BACKUP_STORAGE_LOCATION_PHASES,
  DATA_DOWNLOAD_PHASES,
  DATA_UPLOAD_PHASES,
  DELETE_BACKUP_REQUEST_PHASES,
  DOWNLOAD_REQUEST_PHASES,
  InvalidObjectError,
  KINDS,
  POD_VOLUME_BACKUP_PHASES,
  POD_VOLUME_RESTORE_PHASES,
  RESTORE_PHASES,
  SCHEDULE_PHASES,
  SERVER_STATUS_REQUEST_PHASES,
  VOLUME_SNAPSHOT_LOCATION_PHASES,
  decodeVeleroObject,
  renderAllCrds,
  validateAgainstSchema,
  type JSONSchemaProps,
} from "../lib/api/index.js";
import { invalidManifestCases } from "./fixtures/velero-manifests/cases.js";

const root = new URL("..", import.meta.url).pathname;
const crdDir = join(root, "crds");
const fixtureDir = join(root, "test/fixtures/velero-manifests");

interface Crd {
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string; singular: string; shortNames?: string[] };
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      subresources?: Record<string, unknown>;
      additionalPrinterColumns?: { name: string; type: string; jsonPath: string }[];
      schema: { openAPIV3Schema: JSONSchemaProps };
    }[];
  };
}

let cached: Map<string, Crd> | undefined;

function committedCrds(): Map<string, Crd> {
  if (cached !== undefined) return cached;
  const crds = new Map<string, Crd>();
  for (const name of readdirSync(crdDir).filter((n) => n.endsWith(".yaml"))) {
    const crd = parse(readFileSync(join(crdDir, name), "utf8")) as Crd;
    crds.set(crd.spec.names.kind, crd);
  }
  cached = crds;
  return crds;
}

function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value)
    .filter(([k]) => k !== "description")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutDescriptions(v)]));
}

/**
 * SHA-256 of each Velero v1.18 CRD's `spec` (vmware-tanzu/velero@d30d389b,
 * config/crd/*\/bases), descriptions removed, keys sorted, compact JSON.
 */
const VELERO_SPEC_DIGESTS: Readonly<Record<string, string>> = {
  "velero.io_backuprepositories.yaml":
    "e19dfeb59889c2c4e6eff5da3d937a2b3fce62e4bd57dbf3248c3672362f8769",
  "velero.io_backups.yaml": "e72ee287bb35b9f77650c537b3cdd9cf6ff909ff7ac0b34598bcb5157a3658c1",
  "velero.io_backupstoragelocations.yaml":
    "ef10b95c90c4f9fc9fc7ef60226bd61d99042ce3604111ade57bf702329d2705",
  "velero.io_deletebackuprequests.yaml":
    "960708d8974abb8b36f7b2dd6a412855ded06051f8c7c77456317d140e6ab390",
  "velero.io_downloadrequests.yaml":
    "c3b64a239d7633843ec69529793f35128a0ddc7097fcc8f635e38fff5dda5979",
  "velero.io_podvolumebackups.yaml":
    "fe6f63c10061d415a68d134098958eb02d0af00168c2f596cc3c607c6615090f",
  "velero.io_podvolumerestores.yaml":
    "00b951451693b25bca17d8e20e6888a5fea9fc1d3898f4fa0258acdcdad0bd80",
  "velero.io_restores.yaml": "86cb4595869645cf8b3583737955adf3298699c2bd41a7d2aeffcdee211428e1",
  "velero.io_schedules.yaml": "4533900bfc62af7134def26f152c66e4675147f622069951f8dca3576bccb000",
  "velero.io_serverstatusrequests.yaml":
    "eadc7904fc738cc032dc2b2db1918e1ea509d4b98af2085f07b0caefb96bc9d2",
  "velero.io_volumesnapshotlocations.yaml":
    "186b4906891d0115c2f44fe131493ad7ed508a889fb061309661b458bcd73cb3",
  "velero.io_datadownloads.yaml":
    "e644d104b26a4e559fd53b92121ec74becf08d09f3bb37d9b222e46503c234fb",
  "velero.io_datauploads.yaml": "5b66f2f25654960a86c9ad4c15b09531c4e9ae7b9948451e84078f6f1ef9842c",
};

const PHASES: Readonly<Record<string, readonly string[]>> = {
  Backup: BACKUP_PHASES,
  Restore: RESTORE_PHASES,
  Schedule: SCHEDULE_PHASES,
  BackupStorageLocation: BACKUP_STORAGE_LOCATION_PHASES,
  VolumeSnapshotLocation: VOLUME_SNAPSHOT_LOCATION_PHASES,
  PodVolumeBackup: POD_VOLUME_BACKUP_PHASES,
  PodVolumeRestore: POD_VOLUME_RESTORE_PHASES,
  DeleteBackupRequest: DELETE_BACKUP_REQUEST_PHASES,
  DownloadRequest: DOWNLOAD_REQUEST_PHASES,
  ServerStatusRequest: SERVER_STATUS_REQUEST_PHASES,
  BackupRepository: BACKUP_REPOSITORY_PHASES,
  DataUpload: DATA_UPLOAD_PHASES,
  DataDownload: DATA_DOWNLOAD_PHASES,
};

describe("committed CRDs", () => {
  it("hold exactly the YAML lib/api generates, byte for byte, and nothing else", () => {
    const expected = renderAllCrds();
    const files = readdirSync(crdDir).filter((n) => n.endsWith(".yaml"));
    assert.deepEqual(files.sort(), [...expected.keys()].sort());
    for (const [name, text] of expected) {
      assert.equal(
        readFileSync(join(crdDir, name), "utf8"),
        text,
        `${name} is stale: run npm run generate:crds`,
      );
    }
  });

  it("cover the thirteen kinds Velero ships", () => {
    assert.deepEqual(
      KINDS.map((k) => `${k.apiVersion}/${k.kind}`),
      [
        ...[
          "Backup",
          "Restore",
          "Schedule",
          "BackupStorageLocation",
          "VolumeSnapshotLocation",
          "PodVolumeBackup",
          "PodVolumeRestore",
          "DeleteBackupRequest",
          "DownloadRequest",
          "ServerStatusRequest",
          "BackupRepository",
        ].map((k) => `velero.io/v1/${k}`),
        "velero.io/v2alpha1/DataUpload",
        "velero.io/v2alpha1/DataDownload",
      ],
    );
  });

  it("equal Velero v1.18's CRD specs apart from descriptions", () => {
    for (const [name, text] of renderAllCrds()) {
      const spec = (parse(text) as Crd).spec;
      const digest = createHash("sha256")
        .update(JSON.stringify(withoutDescriptions(spec)))
        .digest("hex");
      assert.equal(digest, VELERO_SPEC_DIGESTS[name], `${name} differs from Velero's`);
    }
  });

  it("are namespaced, labelled component: velero, with one served and stored version and no status subresource", () => {
    const crds = committedCrds();
    for (const kind of KINDS) {
      const crd = crds.get(kind.kind);
      assert.ok(crd, kind.kind);
      assert.equal(crd.metadata.name, `${kind.plural}.velero.io`);
      assert.deepEqual(crd.metadata.labels, { component: "velero" });
      assert.equal(crd.spec.scope, "Namespaced");
      assert.equal(crd.spec.versions.length, 1);
      const [version] = crd.spec.versions;
      assert.equal(version?.name, kind.version);
      assert.equal(version.served && version.storage, true);
      assert.equal(version.subresources?.["status"], undefined);
      assert.deepEqual(crd.spec.names.shortNames ?? [], [...kind.shortNames]);
    }
  });

  it("give the short names and printer columns of the reference table", () => {
    const crds = committedCrds();
    const shortNames = Object.fromEntries(
      [...crds.values()]
        .filter((c) => c.spec.names.shortNames !== undefined)
        .map((c) => [c.spec.names.kind, c.spec.names.shortNames]),
    );
    assert.deepEqual(shortNames, {
      BackupStorageLocation: ["bsl"],
      VolumeSnapshotLocation: ["vsl"],
      ServerStatusRequest: ["ssr"],
    });
    const columns = (kind: string): string[] =>
      (crds.get(kind)?.spec.versions[0]?.additionalPrinterColumns ?? []).map(
        (c) => `${c.name}:${c.type}:${c.jsonPath}`,
      );
    assert.deepEqual(columns("Schedule"), [
      "Status:string:.status.phase",
      "Schedule:string:.spec.schedule",
      "LastBackup:date:.status.lastBackup",
      "Age:date:.metadata.creationTimestamp",
      "Paused:boolean:.spec.paused",
    ]);
    assert.deepEqual(columns("BackupStorageLocation"), [
      "Phase:string:.status.phase",
      "Last Validated:date:.status.lastValidationTime",
      "Age:date:.metadata.creationTimestamp",
      "Default:boolean:.spec.default",
    ]);
    assert.deepEqual(columns("DeleteBackupRequest"), [
      "BackupName:string:.spec.backupName",
      "Status:string:.status.phase",
    ]);
    assert.deepEqual(columns("BackupRepository"), [
      "Age:date:.metadata.creationTimestamp",
      "Repository Type:string:.spec.repositoryType",
    ]);
    assert.equal(columns("PodVolumeBackup").at(-1), "Uploader:string:.spec.uploaderType");
    assert.equal(columns("PodVolumeRestore").at(-1), "Uploader Type:string:.spec.uploaderType");
    for (const kind of ["Backup", "Restore", "VolumeSnapshotLocation", "DownloadRequest"]) {
      assert.deepEqual(columns(kind), [], kind);
    }
  });

  it("enumerate exactly each kind's phase constants in status.phase", () => {
    for (const [kind, crd] of committedCrds()) {
      const schema = crd.spec.versions[0]?.schema.openAPIV3Schema;
      const phase = schema?.properties?.["status"]?.properties?.["phase"];
      assert.deepEqual(phase?.enum, [...(PHASES[kind] ?? [])], kind);
    }
  });
});

describe("schema drift guard", () => {
  const dsl = join(root, "lib/api/schema/dsl.js");
  const header = `import { objectOf, optional, required, str, int, enumOf } from ${JSON.stringify(dsl)};
interface Spec { name?: string; count: number; mode?: "a" | "b" }
export const s = objectOf<Spec>(`;
  const cases: Record<string, string> = {
    exact: `{ name: optional(str()), count: required(int()), mode: optional(enumOf(["a", "b"])) }`,
    "a field missing from the schema": `{ name: optional(str()), count: required(int()) }`,
    "a field the interface lacks": `{ name: optional(str()), count: required(int()), mode: optional(enumOf(["a", "b"])), extra: optional(str()) }`,
    "a field of another type": `{ name: optional(int()), count: required(int()), mode: optional(enumOf(["a", "b"])) }`,
    "an optional field marked required": `{ name: required(str()), count: required(int()), mode: optional(enumOf(["a", "b"])) }`,
    "a required field marked optional": `{ name: optional(str()), count: optional(int()), mode: optional(enumOf(["a", "b"])) }`,
    "an enum with an extra value": `{ name: optional(str()), count: required(int()), mode: optional(enumOf(["a", "b", "c"])) }`,
    "an enum missing a value": `{ name: optional(str()), count: required(int()), mode: optional(enumOf(["a"])) }`,
    "a plain string for an enum": `{ name: optional(str()), count: required(int()), mode: optional(str()) }`,
  };

  it("lets the compiler accept an exact schema and reject every kind of drift", () => {
    const dir = mkdtempSync(join(tmpdir(), "schema-drift-"));
    try {
      const files = Object.entries(cases).map(([name, fields], i) => {
        const file = join(dir, `case${i}.ts`);
        writeFileSync(file, `${header}${fields});\n`);
        return { name, file };
      });
      const program = ts.createProgram(
        files.map((f) => f.file),
        {
          strict: true,
          noEmit: true,
          module: ts.ModuleKind.NodeNext,
          moduleResolution: ts.ModuleResolutionKind.NodeNext,
          target: ts.ScriptTarget.ES2022,
          types: [],
          skipLibCheck: true,
        },
      );
      for (const { name, file } of files) {
        const errors = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
        const text = errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        if (name === "exact") assert.deepEqual(text, [], name);
        else assert.ok(errors.length > 0, `the compiler accepted ${name}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function loadManifests(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS() as unknown);
}

function crdSchemaFor(manifest: unknown): JSONSchemaProps {
  const kind = (manifest as { kind: string }).kind;
  const schema = committedCrds().get(kind)?.spec.versions[0]?.schema.openAPIV3Schema;
  assert.ok(schema, `no CRD for ${kind}`);
  return schema;
}

describe("Velero's documented example manifests", () => {
  const valid = readdirSync(fixtureDir).filter((n) => n.endsWith(".yaml"));

  it("cover Backup, Restore, Schedule, BackupStorageLocation and VolumeSnapshotLocation", () => {
    const kinds = new Set(
      valid
        .flatMap((n) => loadManifests(join(fixtureDir, n)))
        .map((m) => (m as { kind: string }).kind),
    );
    assert.deepEqual([...kinds].sort(), [
      "Backup",
      "BackupStorageLocation",
      "Restore",
      "Schedule",
      "VolumeSnapshotLocation",
    ]);
  });

  for (const name of valid) {
    it(`${name} validates strictly against its committed CRD and decodes`, () => {
      for (const manifest of loadManifests(join(fixtureDir, name))) {
        assert.deepEqual(
          validateAgainstSchema(manifest, crdSchemaFor(manifest), { strict: true }),
          [],
        );
        const decoded = decodeVeleroObject(manifest);
        assert.equal(
          decoded.metadata.name,
          (manifest as { metadata: { name: string } }).metadata.name,
        );
      }
    });
  }

  const invalid = invalidManifestCases;

  it("has a table entry for every invalid variant", () => {
    assert.deepEqual(
      readdirSync(join(fixtureDir, "invalid")).sort(),
      invalid.map((c) => c.file).sort(),
    );
  });

  for (const { file, field, decoderIgnores } of invalid) {
    it(`refuses invalid/${file} naming ${field}`, () => {
      const [manifest] = loadManifests(join(fixtureDir, "invalid", file));
      const violations = validateAgainstSchema(manifest, crdSchemaFor(manifest), { strict: true });
      assert.deepEqual(
        violations.map((v) => v.field),
        [field],
      );
      if (decoderIgnores === true) {
        assert.doesNotThrow(() => decodeVeleroObject(manifest));
        return;
      }
      assert.throws(
        () => decodeVeleroObject(manifest),
        (error: unknown) => error instanceof InvalidObjectError && error.field === field,
      );
    });
  }
});
