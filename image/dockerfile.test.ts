import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

const root = join(import.meta.dirname, "..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
const ignored = readFileSync(join(root, ".dockerignore"), "utf8")
  .split("\n")
  .filter((line) => line !== "" && !line.startsWith("#"));

describe("the Dockerfile", () => {
  const sources = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)].flatMap(
    (match) => (match[1] ?? "").split(" "),
  );

  it("copies only paths that exist and that .dockerignore lets through", () => {
    assert.ok(sources.length >= 6, `found ${sources.join(", ")}`);
    for (const source of sources) {
      assert.ok(existsSync(join(root, source)), `${source} exists`);
      assert.ok(!ignored.includes(source), `${source} is not in .dockerignore`);
    }
  });

  it("compiles with the image's tsconfig and ships both program names", () => {
    assert.match(dockerfile, /npx tsc -p image\/tsconfig\.build\.json/);
    assert.ok(existsSync(join(root, "image", "tsconfig.build.json")));
    assert.match(dockerfile, /COPY --chmod=0755 image\/velero\.sh \/velero\n/);
    assert.match(dockerfile, /ln -s \/velero \/velero-restore-helper/);
  });
});
