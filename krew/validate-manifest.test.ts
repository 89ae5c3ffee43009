import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { create } from "tar";
import { parse } from "yaml";
import { makeTempDir } from "../test/helpers/temp-dir.js";
import type { KrewManifest, KrewPlatform } from "./krew-manifest.js";
import { writeReleaseArchive } from "../packaging/release-archive.js";
import { archiveFileName, completionHelperName, sha256File } from "./release-archives.js";
import { renderManifest } from "./render-manifest.js";
import { isSafePluginName, validateManifest } from "./validate-manifest.js";
import { archiveEntries, verifyRelease } from "./verify-release.js";

const template = await readFile(new URL("velero.yaml", import.meta.url), "utf8");
const sha = "a".repeat(64);

function rendered(): KrewManifest {
  return parse(
    renderManifest({
      template,
      version: "0.1.0",
      baseUrl: "https://example.test/releases/v{version}",
      archives: [
        { platform: { os: "linux", arch: "amd64" }, fileName: "l.tar.gz", sha256: sha },
        { platform: { os: "darwin", arch: "arm64" }, fileName: "d.tar.gz", sha256: sha },
        { platform: { os: "windows", arch: "amd64" }, fileName: "w.tar.gz", sha256: sha },
      ],
    }),
  ) as KrewManifest;
}

function withPlatform(change: Partial<KrewPlatform>): KrewManifest {
  const manifest = rendered();
  const [first, ...rest] = manifest.spec?.platforms ?? [];
  return { ...manifest, spec: { ...manifest.spec, platforms: [{ ...first, ...change }, ...rest] } };
}

describe("the rendered krew manifest", () => {
  it("passes krew's validation with no warnings", () => {
    assert.deepEqual(validateManifest(rendered(), "velero.yaml"), { errors: [], warnings: [] });
  });

  it("has the version, one platform per archive with URL, sha256, bin and files", () => {
    const manifest = rendered();
    assert.equal(manifest.spec?.version, "v0.1.0");
    assert.deepEqual(manifest.spec.platforms?.at(2), {
      selector: { matchLabels: { os: "windows", arch: "amd64" } },
      uri: "https://example.test/releases/v0.1.0/w.tar.gz",
      sha256: sha,
      bin: "kubectl-velero.exe",
      files: [
        { from: "kubectl-velero.exe", to: "." },
        { from: "kubectl_complete-velero.cmd", to: "." },
        { from: "LICENSE", to: "." },
      ],
    });
  });
});

describe("krew's manifest rules", () => {
  const broken: [string, KrewManifest, string, RegExp][] = [
    [
      "a wrong apiVersion",
      { ...rendered(), apiVersion: "krew/v1" },
      "velero.yaml",
      /apiVersion must be/,
    ],
    ["a wrong kind", { ...rendered(), kind: "Tool" }, "velero.yaml", /kind must be Plugin/],
    [
      "a name unlike the file",
      rendered(),
      "other.yaml",
      /metadata.name "velero" must equal "other"/,
    ],
    ["a file that is not .yaml", rendered(), "velero.yml", /must end in .yaml/],
    [
      "a version without v",
      { ...rendered(), spec: { ...rendered().spec, version: "0.1.0" } },
      "velero.yaml",
      /not a semantic version/,
    ],
    [
      "a two-line short description",
      { ...rendered(), spec: { ...rendered().spec, shortDescription: "a\nb" } },
      "velero.yaml",
      /single line/,
    ],
    [
      "no platforms",
      { ...rendered(), spec: { ...rendered().spec, platforms: [] } },
      "velero.yaml",
      /platforms must not be empty/,
    ],
    [
      "an upper-case sha256",
      withPlatform({ sha256: sha.toUpperCase() }),
      "velero.yaml",
      /64 lowercase hex/,
    ],
    ["no uri", withPlatform({ uri: "" }), "velero.yaml", /uri has to be set/],
    ["no bin", withPlatform({ bin: "" }), "velero.yaml", /bin has to be set/],
    ["an empty files list", withPlatform({ files: [] }), "velero.yaml", /unspecified or non-empty/],
    [
      "a file rule without to",
      withPlatform({ files: [{ from: "x" }] }),
      "velero.yaml",
      /files\[0\].to has to be set/,
    ],
    ["no selector", withPlatform({ selector: null }), "velero.yaml", /a selector is required/],
    [
      "a selector on other labels",
      withPlatform({ selector: { matchLabels: { os: "linux", arch: "amd64", libc: "musl" } } }),
      "velero.yaml",
      /"libc" is not supported/,
    ],
    [
      "an unsupported pair",
      withPlatform({ selector: { matchLabels: { os: "plan9", arch: "amd64" } } }),
      "velero.yaml",
      /matches no supported os\/arch pair/,
    ],
    [
      "a pair selected twice",
      withPlatform({ selector: { matchLabels: { os: "darwin" } } }),
      "velero.yaml",
      /darwin\/arm64 is selected by several platforms/,
    ],
  ];
  for (const [what, manifest, fileName, message] of broken) {
    it(`refuses ${what}`, () => {
      const report = validateManifest(manifest, fileName);
      assert.ok(
        report.errors.some((e) => message.test(e)),
        report.errors.join("\n"),
      );
    });
  }

  it("warns about long description lines", () => {
    const manifest = {
      ...rendered(),
      spec: { ...rendered().spec, description: "word ".repeat(30) },
    };
    assert.deepEqual(validateManifest(manifest, "velero.yaml").warnings, [
      "a line of spec.description is longer than 80 characters",
    ]);
  });

  it("accepts safe names and refuses Windows device names and odd characters", () => {
    assert.ok(isSafePluginName("velero"));
    assert.ok(isSafePluginName("my_plugin-2"));
    for (const name of ["con", "COM1", "lpt9", "a.b", "a/b", ""]) {
      assert.equal(isSafePluginName(name), false, name);
    }
  });
});

describe("release verification", () => {
  it("checks every archive's checksum and contents against the manifest", async (t) => {
    const dir = await makeTempDir("krew-verify-", {
      "bin/kubectl-velero": "#!/bin/sh\n",
      "stage/kubectl-velero": "#!/bin/sh\n",
      "stage/LICENSE": "Apache-2.0\n",
    });
    t.after(() => dir.remove());
    const platform = { os: "linux", arch: "amd64" } as const;
    const fileName = archiveFileName("0.1.0", platform);
    const archive = join(dir.path, fileName);
    await writeReleaseArchive({
      executable: join(dir.path, "bin/kubectl-velero"),
      completionHelper: fileURLToPath(new URL(completionHelperName(platform), import.meta.url)),
      license: fileURLToPath(new URL("../LICENSE", import.meta.url)),
      stagingDir: join(dir.path, "staging"),
      output: archive,
      mtime: new Date("2026-01-02T03:04:05Z"),
    });
    assert.deepEqual(await archiveEntries(archive), [
      "kubectl-velero",
      "kubectl_complete-velero",
      "LICENSE",
    ]);
    const good = parse(
      renderManifest({
        template,
        version: "0.1.0",
        archives: [{ platform, fileName, sha256: await sha256File(archive) }],
      }),
    ) as KrewManifest;
    assert.deepEqual(await verifyRelease(good, dir.path), []);

    const wrongSum = parse(
      renderManifest({
        template,
        version: "0.1.0",
        archives: [{ platform, fileName, sha256: sha }],
      }),
    ) as KrewManifest;
    const problems = await verifyRelease(wrongSum, dir.path);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /sha256 is [0-9a-f]{64}, the manifest says a{64}/);

    await writeFile(archive, "");
    await create({ gzip: true, file: archive, cwd: join(dir.path, "stage") }, ["kubectl-velero"]);
    const noLicense = parse(
      renderManifest({
        template,
        version: "0.1.0",
        archives: [{ platform, fileName, sha256: await sha256File(archive) }],
      }),
    ) as KrewManifest;
    const missing = await verifyRelease(noLicense, dir.path);
    assert.ok(
      missing.some((p) => /no licence file/.test(p)),
      missing.join("\n"),
    );
    assert.ok(
      missing.some((p) => /files.from LICENSE matches nothing/.test(p)),
      missing.join("\n"),
    );
    assert.ok(
      missing.some((p) => /files.from kubectl_complete-velero matches nothing/.test(p)),
      missing.join("\n"),
    );
  });
});
