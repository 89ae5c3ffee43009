import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

const root = join(import.meta.dirname, "..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
const allowed = readFileSync(join(root, ".dockerignore"), "utf8")
  .split("\n")
  .filter((line) => line.startsWith("!"))
  .map((line) => line.slice(1));
const buildConfig = JSON.parse(
  readFileSync(join(root, "image", "tsconfig.build.json"), "utf8"),
) as { include: string[] };

describe("the Dockerfile", () => {
  it("copies the files the build needs, which the build context lets through", () => {
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)].flatMap(
      (match) => (match[1] ?? "").split(" "),
    );
    for (const source of copies.filter((s) => s !== ".")) {
      assert.ok(existsSync(join(root, source)), `${source} exists`);
      assert.ok(
        allowed.some((a) => source === a || source.startsWith(`${a}/`)),
        `${source} is let through`,
      );
    }
    for (const file of ["package.json", "package-lock.json", "tsconfig.json"]) {
      assert.ok(allowed.includes(file), `${file} is in the build context`);
    }
  });

  it("lets through every source directory the image's tsconfig compiles", () => {
    const dirs = buildConfig.include.map((pattern) => pattern.replace(/^\.\.\//, "").split("/")[0]);
    for (const dir of dirs) {
      assert.ok(
        allowed.includes(dir === "." ? "image" : (dir ?? "")),
        `${dir ?? ""} is in the build context`,
      );
    }
  });

  it("compiles with the image's tsconfig and ships both program names", () => {
    assert.match(dockerfile, /npx tsc -p image\/tsconfig\.build\.json/);
    assert.match(dockerfile, /COPY --chmod=0755 image\/velero\.sh \/velero\n/);
    assert.match(dockerfile, /ln -s \/velero \/velero-restore-helper/);
    assert.match(dockerfile, /^USER 65532:65532$/m);
  });
});
